//go:build unix

package template

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe nobody writes to would block open() forever; a device may
// never end. Both are refused at once, naming what they are.
func TestReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.json")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tt := range []struct{ path, want string }{
		{sock, "is a socket, not a regular file"},
		{fifo, "is a named pipe (FIFO), not a regular file"},
		{link, "is a named pipe (FIFO), not a regular file"},
		{"/dev/null", "is a character device"},
		{"/dev/zero", "is a character device"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(context.Background(), tt.path, nil); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "give a regular file") {
				t.Errorf("ReadFile(%s) = %v, want %q", tt.path, err, tt.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%s) blocked", tt.path)
		}
	}
}

// Reading standard input that never ends (a terminal nobody types into)
// stops when the context is cancelled, as on Ctrl+C.
func TestReadStdinHonoursCancel(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := ReadFile(ctx, "-", r); done <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ReadFile(-) ignored the cancelled context")
	}
}

// The size named is the file's real size, not the limit plus one.
func TestReadFileSizeError(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, make([]byte, 12<<20+5), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(context.Background(), big, nil)
	if err == nil || !strings.Contains(err.Error(), "12.0 MiB (12582917 bytes)") || !strings.Contains(err.Error(), "over 10 MiB are refused") {
		t.Errorf("err = %v", err)
	}
	_, err = ReadFile(context.Background(), "-", io.LimitReader(neverEnding{}, 11<<20))
	if err == nil || !strings.Contains(err.Error(), "<stdin>: the input is over 10 MiB") {
		t.Errorf("stdin err = %v", err)
	}
}

type neverEnding struct{}

func (neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// WriteFile replaces regular files only: never a device, a pipe or what a
// /proc link points to, even when told to overwrite.
func TestWriteFileOnlyOverRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	devLink := filepath.Join(dir, "null-link")
	if err := os.Symlink("/dev/null", devLink); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{"/dev/null", "is a character device; rk-tui only replaces regular files"},
		{fifo, "is a named pipe (FIFO); rk-tui only replaces regular files"},
		{devLink, "is a character device"},
		{"/proc/self/fd/0", "regular"},
		{dangling, "symbolic link to a file that does not exist"},
		{dir, "is a directory"},
	} {
		err := WriteFile(tt.path, []byte("{}"), 0o644, true)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WriteFile(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", st, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestIsStdout(t *testing.T) {
	for p, want := range map[string]bool{"-": true, "/dev/stdout": true, "out.json": false, "/dev/stderr": false} {
		if IsStdout(p) != want {
			t.Errorf("IsStdout(%q) = %v", p, !want)
		}
	}
}
