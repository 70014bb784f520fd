//go:build !unix

package tui

import "os"

// lockFile opens path; without flock, sessions do not see each other.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

func heldByOther(string) bool { return false }
