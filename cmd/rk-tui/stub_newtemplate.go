package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newNewTemplateCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "new-template", Short: "Open the studio on a new template (not built yet)", Hidden: true}
}
