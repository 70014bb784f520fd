package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newExportCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "export FILE", Hidden: true}
}
