// Package images gets the pictures of an article, safely, ready for a PDF.
package images
