//go:build !unix

package template

import (
	"io/fs"
	"os"
)

const openFlags = os.O_RDONLY

func keepOwner(*os.File, fs.FileInfo) {}
