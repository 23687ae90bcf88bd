// Package images gets the pictures of an article, safely, ready for a PDF:
// it fetches or reads each image, refuses what it must not read, bounds
// what it may cost, and returns the bytes a PDF embeds. It knows nothing of
// PDF libraries, HTTP handlers or layout: the renderer asks for a source at
// a print width and gets a Picture (or an *Error to show and count).
//
// # Sources
//
// An image's source is one of three things. A data: URI (base64 or
// percent-encoded; its bytes count against the limits like any other). A
// path relative to the article's folder, given to Loader.Article as an
// fs.FS: a URL path (so "a%20b.jpg" is "a b.jpg"), cleaned, never absolute,
// never climbing out with "..", read with fs.FS's rules; give the folder as
// an os.Root's FS, since os.DirFS follows symbolic links out of it. An
// http or https URL whose host is in Options.Hosts (--image-hosts: names,
// "*.example.com" for every host below a domain, addresses; without a port
// only 80 and 443). Anything else — file:, ftp:, javascript:, a URL without
// a scheme — is refused.
//
// # Why fetching is locked down (SSRF)
//
// Whoever can write an article can make the service fetch a URL, from
// inside its network, with its network's privileges: a cloud metadata
// service (169.254.169.254 hands out credentials), an admin port on
// localhost, a database on a private address. So:
//
//   - Only listed hosts are fetched; an empty list fetches nothing.
//   - Every address a connection is made to must be public. The check is in
//     the dialer's Control hook, which sees the address actually dialled,
//     after resolution: checking a name's addresses before fetching would
//     leave a window in which DNS can answer differently (rebinding), and
//     a name with a public and a private address could be dialled on the
//     private one. Refused: loopback, private (RFC 1918, fc00::/7),
//     link-local (169.254.0.0/16, fe80::/10), unspecified, multicast,
//     carrier-grade NAT (100.64.0.0/10), the other reserved ranges, and
//     IPv6 addresses that carry one of those (IPv4-mapped, NAT64, 6to4).
//     Options.AllowPrivate lifts this for tests and closed networks.
//   - No proxy is used: through a proxy, the only address dialled is the
//     proxy's, and the check would see nothing.
//   - Redirects are followed at most five times, each to a URL that passes
//     the same rules (scheme, listed host and port), and each connection is
//     checked by the same dialer.
//   - The HTTP client is built here and cannot be replaced, since the rules
//     live in it.
//
// # Limits
//
// Per image: Options.Timeout (10 s) from connection to last byte, by the
// context and the client; Options.MaxBytes (20 MiB), refused at once when
// the Content-Length says more and counted while reading whatever it says;
// Options.MaxPixels (100 megapixels), read from the header before any
// pixel is decoded (a 20000×20000 PNG of zeros is under 400 KB and would decode
// to 400 MB). Per article (a Session): Options.MaxImages (300) distinct
// sources, counted when asked for, whether they load or not, and
// Options.MaxArticleBytes (200 MiB) of their bytes; a source shown twice
// counts once.
//
// # Decoding
//
// The format is told by the bytes (never the Content-Type or the name):
// JPEG, PNG, GIF (its first frame) and WebP; SVG, AVIF, HEIC, TIFF and BMP
// are refused by name. Each picture is turned upright by its EXIF
// orientation (all eight, in JPEG's APP1, PNG's eXIf and WebP's EXIF) and
// downsampled, when it is more than a quarter wider than it needs to be, to
// DPI × width / 72 pixels (200 dpi by default), never enlarged. A quarter:
// shrinking by less saves little and softens the picture, and a JPEG that
// needs nothing else is kept byte for byte.
//
// A JPEG passes through untouched — its exact bytes, embedded as
// DCTDecode — when it is baseline or progressive, 8-bit, gray or YCbCr,
// upright and not too large; it is decoded all the same, so that a damaged
// one is refused rather than printed broken. Any other picture is decoded,
// turned, resampled and encoded again:
//
//   - with transparency: PNG, which PDF libraries turn into a soft mask;
//   - from a JPEG or a lossy WebP (a photograph, lossily compressed
//     already): JPEG at quality 88, where artefacts are not seen and bytes
//     do not yet climb;
//   - from a lossless source (PNG, GIF, lossless WebP: usually a chart, a
//     map, a logo or a screenshot): PNG, paletted when it has 256 colours
//     or fewer, unless it is more than half as large again as the JPEG
//     would be — a photograph saved as PNG, which would cost a PDF three to
//     five times its JPEG.
//
// CMYK and YCCK JPEGs (Adobe's inverted storage, undone by image/jpeg) are
// converted to RGB without a colour profile; 16-bit PNGs are reduced to
// 8 bits. An oriented JPEG is re-encoded upright rather than passed with a
// rotation for the PDF to apply: the Picture is then always what it looks
// like, the PDF side needs no knowledge of EXIF's eight cases, and most
// oriented JPEGs are phone photographs larger than print needs, re-encoded
// anyway.
//
// Resampling is separable Catmull-Rom (golang.org/x/image/draw's kernel,
// stretched to cover every source pixel when shrinking), in premultiplied
// alpha, streamed row by row: draw.CatmullRom.Scale keeps a buffer of 32
// bytes for each output column of each source row (231 MB for a 50 MP photo
// printed 1250 pixels wide), this keeps a few dozen rows.
//
// # Memory
//
// Before decoding, what the decoder will hold is estimated from the header
// (image/jpeg's padded planes, five times as much for a progressive JPEG,
// which keeps every coefficient; four bytes a pixel more for CMYK; PNG's
// pixel format, twice for interlaced; eight bytes a pixel for lossless
// WebP), plus the output. Decodes share a budget of Options.DecodeMemory
// (256 MiB): each waits, in order, until its estimate fits, and one that
// alone exceeds the budget is refused. A decode that held an eighth of the
// budget runs a collection before it gives its share back, so that the
// next does not allocate beside its garbage. So the pixels being decoded at
// any moment take at most DecodeMemory, beside the bytes of the images
// being read (at most MaxBytes each) and the cache. Measured
// (TestMemory50MP, peak RSS of a process of its own): a 50-megapixel JPEG
// (8660×5774, 4:2:0) printed 450 pt wide peaks at 97 MiB, two at once
// under a budget for one at 101 to 102 MiB; the bound tested is 128 MiB.
//
// # Cache
//
// A Loader keeps, in memory and bounded by Options.CacheBytes (64 MiB),
// least recently used first out, each fetched original with the pictures
// made from it, by target width (every width at which the picture is kept
// whole shares one). Pictures, because the same photo at the same print
// width is the common case and making it is the expensive part; the
// original, for another width and for revalidation. While fresh
// (Cache-Control s-maxage or max-age, else Expires, else Options.CacheTTL,
// 5 minutes; at most a day) an entry is used unasked; when stale it is
// asked for again with If-None-Match and If-Modified-Since, and a 304 keeps
// it, pictures and all. no-store and private responses are not kept, nor
// one larger than an eighth of the cache. Concurrent loads of one URL make
// one request and one picture; if the load making it is given up, a
// waiting one makes it instead. Folder and data: images are not cached:
// they are not fetched, and a folder belongs to one article.
//
// # Errors
//
// Every error is an *Error naming the source, whose message says what to
// fix ("image https://x/y.jpg: host x is not in --image-hosts"), wrapping
// one of ErrRefused, ErrTooLarge, ErrTimeout, ErrNotFound, ErrFetch,
// ErrDecode or ErrCanceled; Result maps it to a metric label, and Results
// lists them all.
package images
