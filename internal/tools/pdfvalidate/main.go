// Command pdfvalidate checks PDF files with pdfcpu in strict mode, as
// `pdfcpu validate -mode strict` does, for .ci/check-pdfs.
//
//	go run ./internal/tools/pdfvalidate FILE.pdf...
//
// It prints one line per file and exits with status 1 if any file fails.
package main

import (
	"fmt"
	"os"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pdfvalidate FILE.pdf...")
		os.Exit(2)
	}
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	failed := false
	for _, f := range os.Args[1:] {
		if err := api.ValidateFile(f, conf); err != nil {
			fmt.Printf("FAIL pdfcpu validate %s: %v\n", f, err)
			failed = true
			continue
		}
		fmt.Printf("ok pdfcpu validate %s\n", f)
	}
	if failed {
		os.Exit(1)
	}
}
