package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newSendCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "send FILE", Short: "Dry-run or send test points to Datadog (not built yet)", Hidden: true}
}
