package main

import (
	"os"
	"os/signal"
	"syscall"
)

// waitTerm returns when the process gets SIGTERM or SIGINT.
func waitTerm() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, os.Interrupt)
	<-c
}
