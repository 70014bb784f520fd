package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newPreviewCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "preview FILE", Short: "Project custom metrics and billing impact (not built yet)", Hidden: true}
}
