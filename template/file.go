package template

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by WriteFile when the file exists and overwriting
// was not allowed.
var ErrExists = errors.New("file exists")

// ReadFile reads a template file ("-" is standard input) without parsing
// it, refusing files over MaxSize before reading them whole.
func ReadFile(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, describeFSError(path, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s is a directory; give a template file", path)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DisplayName(path), err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: %w", DisplayName(path), &TooLargeError{Size: len(data)})
	}
	return data, nil
}

// DisplayName is how a path is named in messages.
func DisplayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

func describeFSError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file; check the path", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied; check the file's permissions", path)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// WriteFile writes data atomically: a temporary file in the same directory,
// synced, then renamed over path. Unless overwrite is set, an existing file
// is left alone and ErrExists returned. perm applies to a new file; 0600
// keeps a file that holds a key private.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) error {
	if overwrite {
		// Replace what a symbolic link points to, not the link itself.
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if target, err := filepath.EvalSymlinks(path); err == nil {
				path = target
			}
		}
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w; use --force to replace it", path, ErrExists)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return describeFSError(dir, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !overwrite {
		// Link fails if path appeared meanwhile, so a race never clobbers it.
		if err := os.Link(name, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w; use --force to replace it", path, ErrExists)
			}
			return os.Rename(name, path)
		}
		return nil
	}
	if err := os.Rename(name, path); err != nil {
		return describeFSError(path, err)
	}
	return nil
}
