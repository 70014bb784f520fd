package main

import (
	"fmt"
	"io/fs"

	"github.com/rk-tui/rk-tui/template"
)

// loadDocument reads and parses one template file. A file that cannot be
// read or parsed is a usage error (exit 2) whose message names the file,
// the line and column, and what to do.
func loadDocument(s *Streams, path string) (*template.Document, error) {
	data, err := template.ReadFile(path, s.In)
	if err != nil {
		return nil, ioError(err)
	}
	doc, err := template.Parse(data)
	if err != nil {
		f := template.ParseFinding(err)
		return nil, usageError("%s:%d:%d: %s", template.DisplayName(path), f.Line, f.Column, f.Message)
	}
	return doc, nil
}

// printFindingErrors prints the error findings of a document to stderr and
// reports whether there were any.
func printFindingErrors(s *Streams, path string, fs []template.Finding) bool {
	if !template.HasErrors(fs) {
		return false
	}
	var errs []template.Finding
	for _, f := range fs {
		if f.Severity == template.Error {
			errs = append(errs, f)
		}
	}
	writeFindingsText(s.Err, palette{on: s.ColorErr()}, []fileReport{{File: template.DisplayName(path), Findings: errs}})
	fmt.Fprintf(s.Err, "fix these errors first (rk-tui validate %s lists warnings too)\n", template.DisplayName(path))
	return true
}

func fsMode(perm int) fs.FileMode { return fs.FileMode(perm) }
