package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// The two sides of rk-tui diff, read from disk (git.go reads a revision).

// entry is one template file of a side, keyed by its path relative to the
// side's root ("" when comparing two files).
type entry struct {
	key, name string
	data      []byte
}

// sideSet is one side of the comparison: its templates and its settings.
type sideSet struct {
	entries []entry
	cfg     *preview.Config
	cfgFile string // where cfg was read, "" for none
}

// fileSides reads OLD and NEW: two files, or two directories of templates.
func fileSides(ctx context.Context, s *Streams, oldPath, newPath string) (sideSet, sideSet, error) {
	if oldPath == "-" && newPath == "-" {
		return sideSet{}, sideSet{}, usageError("OLD and NEW cannot both be standard input (-)")
	}
	if isDir(oldPath) != isDir(newPath) {
		kind := map[bool]string{true: "a directory", false: "a file"}
		return sideSet{}, sideSet{}, usageError("OLD and NEW must both be files or both be directories: %s is %s, %s is %s",
			template.DisplayName(oldPath), kind[isDir(oldPath)], template.DisplayName(newPath), kind[isDir(newPath)])
	}
	read := func(path string) (sideSet, error) {
		cfg, cfgFile, err := configFor([]string{path})
		if err != nil {
			return sideSet{}, err
		}
		side := sideSet{cfg: cfg, cfgFile: cfgFile}
		if !isDir(path) {
			data, err := template.ReadFile(ctx, path, s.In)
			if err != nil {
				return side, inputError(ctx, err)
			}
			side.entries = []entry{{key: "", name: template.DisplayName(path), data: data}}
			return side, nil
		}
		files, err := templatesUnder(ctx, path)
		if err != nil {
			return side, err
		}
		for _, f := range files {
			data, err := template.ReadFile(ctx, f, s.In)
			if err != nil {
				return side, inputError(ctx, err)
			}
			rel, _ := filepath.Rel(path, f)
			rel = filepath.ToSlash(rel)
			side.entries = append(side.entries, entry{key: rel, name: rel, data: data})
		}
		return side, nil
	}
	oldSide, err := read(oldPath)
	if err != nil {
		return oldSide, sideSet{}, err
	}
	newSide, err := read(newPath)
	return oldSide, newSide, err
}

// workingEntries reads the working templates under path, keyed by their
// path in the repository; files that are not templates are left out, as
// a list of changed files may name them.
func workingEntries(ctx context.Context, s *Streams, top, path string) ([]entry, error) {
	files := []string{path}
	if isDir(path) {
		var err error
		if files, err = templatesUnder(ctx, path); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, nil // gone from the working tree: removed
	}
	var out []entry
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, ioError(err)
		}
		rel, err := filepath.Rel(top, realPath(abs))
		if err != nil {
			return nil, ioError(err)
		}
		rel = filepath.ToSlash(rel)
		if !preview.TemplatePath(rel) {
			continue // a changed file list may name any file
		}
		data, err := template.ReadFile(ctx, f, s.In)
		if err != nil {
			return nil, inputError(ctx, err)
		}
		if preview.LooksLikeTemplate(data) {
			out = append(out, entry{key: rel, name: rel, data: data})
		}
	}
	return out, nil
}
