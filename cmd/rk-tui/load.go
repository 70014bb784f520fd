package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// templateFile is one template a command read: the name messages use, the
// document, and what validate finds in it. doc is nil when the bytes are not
// a template (malformed JSON, another encoding); findings then hold the one
// finding that says where and why.
type templateFile struct {
	name     string
	doc      *template.Document
	findings []template.Finding
}

// readTemplate reads, parses and validates one template file ("-" is
// standard input). Every command loads templates through it, so they agree:
// a file that cannot be read (missing, a directory, a pipe, too large) is an
// I/O error, exit 2; what is wrong inside the file is a finding, and a
// command that cannot go on past findings exits 1 (see requireValid).
func readTemplate(ctx context.Context, s *Streams, path string) (*templateFile, error) {
	if path == "-" && s.InTTY {
		// Waiting on a terminal with nothing said looks like a hang.
		fmt.Fprintln(s.Err, "rk-tui: reading a template from the terminal: paste it, then Ctrl+D (Ctrl+C stops)")
	}
	data, err := template.ReadFile(ctx, path, s.In)
	if err != nil {
		return nil, inputError(ctx, err)
	}
	doc, findings := template.Load(data)
	return &templateFile{name: template.DisplayName(path), doc: doc, findings: findings}, nil
}

// inputError maps a read failure: an interruption stays one (exit 130).
func inputError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return ioError(err)
}

// errors are the findings that block export, metadata and sends.
func (t *templateFile) errors() []template.Finding {
	var out []template.Finding
	for _, f := range t.findings {
		if f.Severity == template.Error {
			out = append(out, f)
		}
	}
	return out
}

// requireValid prints the template's errors to stderr and returns exit 1
// when it has any; a command that needs a valid template calls it first.
func (t *templateFile) requireValid(s *Streams) error {
	errs := t.errors()
	if len(errs) == 0 {
		return nil
	}
	t.printErrors(s)
	fmt.Fprintf(s.Err, "rk-tui: %s has %s: fix these errors first (rk-tui validate %s lists warnings too)\n", t.name, plural(len(errs), "error", "errors"), t.name)
	return findingsError()
}

// printErrors writes the error findings to stderr in validate's format.
func (t *templateFile) printErrors(s *Streams) {
	writeFindings(s.Err, palette{on: s.ColorErr()}, []fileReport{{File: t.name, Findings: t.errors()}}, false)
}

// templateArgs expands the arguments of a command that takes templates:
// a file is taken as given; a directory stands for every template under it
// (see templatesUnder). A directory that holds none is a usage error.
func templateArgs(ctx context.Context, args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		if a == "-" || !isDir(a) {
			files = append(files, a) // readTemplate reports what is wrong with it
			continue
		}
		found, err := templatesUnder(ctx, a)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, usageError("%s holds no template (*.json with aug or processing, outside hidden directories); give a template file or a directory that holds some", template.DisplayName(a))
		}
		files = append(files, found...)
	}
	return files, nil
}

// templatesUnder lists, in order, the files under dir that are templates
// (preview.TemplatePath, preview.LooksLikeTemplate), following links to
// files. A file too large or unreadable, or one named like a template that
// is not a regular file, is listed, so that the loader says what is wrong
// with it.
func templatesUnder(ctx context.Context, dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, rerr := filepath.Rel(dir, path)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !preview.TemplatePath(rel) {
			return nil
		}
		if !d.Type().IsRegular() {
			// A link to a template is read like the template; anything
			// else named like one (a FIFO, a socket, a dangling link) is
			// listed so that the loader says what it is instead of the
			// walk skipping it unseen. A link to a directory is not walked.
			if fi, err := os.Stat(path); err == nil && fi.IsDir() {
				return nil
			} else if err != nil || !fi.Mode().IsRegular() {
				out = append(out, path)
				return nil
			}
		}
		data, err := template.ReadLimited(ctx, path, nil, template.MaxSize)
		if err != nil || preview.LooksLikeTemplate(data) {
			out = append(out, path)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, inputError(ctx, err)
	}
	sort.Strings(out)
	return out, nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
