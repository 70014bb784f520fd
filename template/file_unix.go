//go:build unix

package template

import (
	"io/fs"
	"os"
	"syscall"
)

const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// keepOwner gives a replacement file the owner of the file it replaces;
// only root can, and for anyone else the new file is theirs anyway.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		_ = f.Chown(int(st.Uid), int(st.Gid))
	}
}
