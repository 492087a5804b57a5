package clients_test

import (
	"fmt"
	"os"
	"testing"
)

// TestMain prints the client × scenario table after the tests ran.
func TestMain(m *testing.M) {
	code := m.Run()
	stopWorker()
	if len(table.rows) > 0 && testing.Verbose() {
		fmt.Println("| client | step | recorded (then played back) | playback |")
		fmt.Println("|---|---|---|---|")
		for _, r := range table.rows {
			fmt.Println(r)
		}
	}
	os.Exit(code)
}
