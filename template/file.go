package template

import (
	"context"
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
// it. See ReadLimited.
func ReadFile(ctx context.Context, path string, stdin io.Reader) ([]byte, error) {
	return ReadLimited(ctx, path, stdin, MaxSize)
}

// ReadLimited reads a file of at most limit bytes ("-" is standard input).
// It never blocks on what is not a regular file: a named pipe, a device or
// a socket is refused before anything is read (open would wait for a
// writer forever, /dev/zero never ends). Standard input, which may be a
// terminal or a pipe nobody writes to, is read in the background so that a
// cancelled ctx (Ctrl+C, SIGTERM) ends the wait.
func ReadLimited(ctx context.Context, path string, stdin io.Reader, limit int64) ([]byte, error) {
	if path == "-" {
		return readCancellable(ctx, DisplayName(path), stdin, limit, -1)
	}
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
		if size > limit {
			return nil, fmt.Errorf("%s: %w", path, &TooLargeError{Size: size, Limit: limit})
		}
	}
	return readCancellable(ctx, path, f, limit, size)
}

func readCancellable(ctx context.Context, name string, r io.Reader, limit, size int64) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, limit+1))
		done <- result{data, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case res := <-done:
		if res.err != nil {
			return nil, fmt.Errorf("%s: %w", name, res.err)
		}
		if int64(len(res.data)) > limit {
			// The size is known for a file that grew while it was read;
			// for a pipe only that it is over the limit.
			return nil, fmt.Errorf("%s: %w", name, &TooLargeError{Size: max(size, -1), Limit: limit})
		}
		return res.data, nil
	}
}

// OpenRegular opens path for reading and refuses, with a message that names
// what it is, anything but a regular file. The open itself does not block
// on a named pipe.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, describeFSError(path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, describeFSError(path, err)
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(path, st.Mode())
	}
	return f, nil
}

// FileKind names what a file of this mode is when it is not a regular
// file: "a named pipe (FIFO)", "a socket", "a character device", ….
func FileKind(mode fs.FileMode) string { return kindOf(mode) }

// notRegular says what a path is when it is not a regular file.
func notRegular(path string, mode fs.FileMode) error {
	if mode.IsDir() {
		return fmt.Errorf("%s is a directory; give a file", SafeLine(path))
	}
	return fmt.Errorf("%s is %s, not a regular file; give a regular file (save what it holds to one)", SafeLine(path), kindOf(mode))
}

func kindOf(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// DisplayName is how a path is named in messages: "<stdin>" for "-", and
// control characters in the name escaped.
func DisplayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return SafeLine(path)
}

func describeFSError(path string, err error) error {
	name := SafeLine(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file; check the path", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied; check the file's permissions", name)
	}
	// Opening a socket fails ("no such device or address"): say what the
	// path is instead.
	if st, serr := os.Stat(path); serr == nil && !st.Mode().IsRegular() {
		return notRegular(path, st.Mode())
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// IsStdout reports whether an output path means standard output: "-", or
// /dev/stdout, which is written to directly, never replaced.
func IsStdout(path string) bool { return path == "-" || path == "/dev/stdout" }

// WriteFile writes data atomically: a temporary file in the same directory,
// synced, then renamed over path. Unless overwrite is set, an existing file
// is left alone and ErrExists returned.
//
// Only regular files are replaced: a device, a named pipe, a socket or a
// link to one (/dev/null, /proc/self/fd/1) is refused, so no one's
// /dev/null becomes a file. A symbolic link to a regular file is followed
// and the file it points to replaced. A replaced file keeps its mode (and,
// when run as root, its owner); perm is the mode of a new file. A perm
// without group and other bits (0600: the data holds a secret) also takes
// those bits off a replaced file.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) error {
	target, existing, err := writeTarget(path)
	if err != nil {
		return err
	}
	if existing != nil && !overwrite {
		return fmt.Errorf("%s: %w; use --force to replace it", SafeLine(path), ErrExists)
	}
	mode := perm
	if existing != nil {
		mode = existing.Mode().Perm()
		if perm&0o077 == 0 {
			mode &^= 0o077
		}
	}
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return describeFSError(dir, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	fail := func(err error) error {
		tmp.Close()
		return describeFSError(path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if existing != nil {
		keepOwner(tmp, existing)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return describeFSError(path, err)
	}
	if existing == nil {
		// Link fails if path appeared meanwhile, so a race never clobbers it.
		if err := os.Link(name, target); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w; use --force to replace it", SafeLine(path), ErrExists)
			}
			if err := os.Rename(name, target); err != nil {
				return describeFSError(path, err)
			}
		}
		return nil
	}
	if err := os.Rename(name, target); err != nil {
		return describeFSError(path, err)
	}
	return nil
}

// writeTarget resolves where WriteFile writes: path, or the regular file a
// symbolic link at path points to. existing describes that file when there
// is one.
func writeTarget(path string) (target string, existing fs.FileInfo, err error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, nil, nil
	case err != nil:
		return "", nil, describeFSError(path, err)
	}
	target = path
	if fi.Mode()&fs.ModeSymlink != 0 {
		resolved, err := filepath.EvalSymlinks(path)
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("%s is a symbolic link to a file that does not exist; write to the link's target instead", SafeLine(path))
		}
		if err != nil {
			return "", nil, fmt.Errorf("%s is a symbolic link that cannot be followed (%v); give a regular file", SafeLine(path), err)
		}
		if fi, err = os.Stat(resolved); err != nil {
			return "", nil, describeFSError(resolved, err)
		}
		target = resolved
	}
	if !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return "", nil, fmt.Errorf("%s is a directory; give a file name", SafeLine(path))
		}
		return "", nil, fmt.Errorf("%s is %s; rk-tui only replaces regular files: give another file name (- writes to standard output)", SafeLine(path), kindOf(fi.Mode()))
	}
	return target, fi, nil
}
