package main

import "github.com/spf13/cobra"

// Placeholder until the command is built; its own file replaces this one.

func newMetadataCmd(s *Streams) *cobra.Command {
	return &cobra.Command{Use: "metadata FILE", Hidden: true}
}
