// Command pdfvalidate checks PDF files with pdfcpu in strict mode, as
// `pdfcpu validate -mode strict` does, for .ci/check-pdfs.
//
//	go run ./internal/tools/pdfvalidate FILE.pdf...
//
// It prints one line per file and exits with status 1 if any file fails.
package main

import (
	"os"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/tools/checkrun"
)

func main() {
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	checkrun.Main("pdfvalidate FILE.pdf...", os.Args[1:], func(f string) []error {
		if err := api.ValidateFile(f, conf); err != nil {
			return []error{err}
		}
		return nil
	}, "pdfcpu validate -mode strict")
}
