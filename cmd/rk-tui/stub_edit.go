package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newEditCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "edit FILE", Short: "Open the studio on a template (not built yet)", Hidden: true}
}
