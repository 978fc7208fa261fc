"""The middle steps, the assembled graph and the command-line entry point."""
