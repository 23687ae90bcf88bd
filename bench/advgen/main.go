// Command advgen writes the adversarial articles of internal/adversarial, and
// ordinary prose of the same size, as plain-text files for
// bench/adversarial.sh, which times and measures whole renders of them.
//
//	go run ./bench/advgen -out DIR -bytes 2097152
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"pdfexport/internal/adversarial"
)

func main() {
	out := flag.String("out", "", "folder to write NAME.txt files into")
	n := flag.Int("bytes", 100_000, "size of each article's body in bytes")
	flag.Parse()
	if *out == "" || *n <= 0 {
		fmt.Fprintln(os.Stderr, "usage: advgen -out DIR [-bytes N]")
		os.Exit(2)
	}
	for _, s := range append([]adversarial.Shape{adversarial.Prose}, adversarial.Shapes...) {
		if err := os.WriteFile(filepath.Join(*out, s.Name+".txt"), adversarial.Article(s, *n), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
