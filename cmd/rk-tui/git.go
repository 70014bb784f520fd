package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/rk-tui/rk-tui/preview"
)

// git runs git in dir and returns its standard output. A git that is
// missing, or that fails, is a usage error quoting git's own first line.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return nil, usageError("--git needs git: %v; install git, or compare two files or directories (rk-tui diff OLD NEW)", err)
		}
		msg, _, _ := strings.Cut(strings.TrimSpace(errb.String()), "\n")
		return nil, usageError("git %s: %s", strings.Join(args, " "), msg)
	}
	return out.Bytes(), nil
}

// gitSides reads the working templates under each path and the same paths
// at rev, with each side's settings file.
func gitSides(ctx context.Context, s *Streams, rev string, paths []string) (sideSet, sideSet, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var oldSide, newSide sideSet
	start := paths[0]
	if !isDir(start) {
		start = filepath.Dir(start)
	}
	topOut, err := git(ctx, start, "rev-parse", "--show-toplevel")
	if err != nil {
		return oldSide, newSide, err
	}
	top := realPath(strings.TrimSpace(string(topOut)))
	if _, err := git(ctx, top, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return oldSide, newSide, usageError("--git %s is not a revision of the repository at %s", rev, top)
	}
	if newSide.cfg, newSide.cfgFile, err = configFor(paths); err != nil {
		return oldSide, newSide, err
	}
	seen := map[string]bool{}
	for _, p := range paths {
		entries, err := workingEntries(ctx, s, top, p)
		if err != nil {
			return oldSide, newSide, err
		}
		newSide.entries = append(newSide.entries, entries...)
		abs, err := filepath.Abs(p)
		if err != nil {
			return oldSide, newSide, ioError(err)
		}
		rel, err := filepath.Rel(top, realPath(abs))
		if err != nil {
			return oldSide, newSide, ioError(err)
		}
		list, err := git(ctx, top, "ls-tree", "-r", "-z", "--name-only", rev, "--", filepath.ToSlash(rel))
		if err != nil {
			return oldSide, newSide, err
		}
		for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
			if name == "" || seen[name] || !preview.TemplatePath(name) {
				continue
			}
			seen[name] = true
			data, err := git(ctx, top, "cat-file", "blob", rev+":"+name)
			if err != nil {
				return oldSide, newSide, err
			}
			if preview.LooksLikeTemplate(data) {
				oldSide.entries = append(oldSide.entries, entry{key: name, name: name, data: data})
			}
		}
		if oldSide.cfg == nil {
			if oldSide.cfg, err = configAt(ctx, top, rev, filepath.ToSlash(rel)); err != nil {
				return oldSide, newSide, err
			}
		}
	}
	return oldSide, newSide, nil
}

// configAt finds the settings file at rev, walking up from rel.
func configAt(ctx context.Context, top, rev, rel string) (*preview.Config, error) {
	dir := rel
	if out, err := git(ctx, top, "cat-file", "-t", rev+":"+rel); err == nil && strings.TrimSpace(string(out)) == "blob" {
		dir = path.Dir(rel)
	}
	for {
		name := path.Join(dir, preview.ConfigFile)
		if out, err := git(ctx, top, "cat-file", "-t", rev+":"+name); err == nil && strings.TrimSpace(string(out)) == "blob" {
			data, err := git(ctx, top, "cat-file", "blob", rev+":"+name)
			if err != nil {
				return nil, err
			}
			cfg, perr := preview.ParseConfig(data)
			if perr != nil {
				return nil, usageError("%s:%s:%v", rev, name, configPlace(perr))
			}
			return cfg, nil
		}
		if dir == "." || dir == "" || dir == "/" {
			return nil, nil
		}
		dir = path.Dir(dir)
	}
}

// realPath resolves symbolic links, so paths under one repository compare
// (a temporary directory is often a link); a path that does not exist is
// resolved as far as it does.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	dir, base := filepath.Split(p)
	if dir == "" || dir == p {
		return p
	}
	return filepath.Join(realPath(filepath.Clean(dir)), base)
}
