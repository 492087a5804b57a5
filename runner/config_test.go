package runner

import (
	"flag"
	"strings"
	"testing"
)

// TestControlTokenFromEnvironmentOnly checks that the control token reaches
// the suite's Env from CONFORMANCE_CONTROL_TOKEN, and that no flag sets it:
// like the access key secret, it would show in ps.
func TestControlTokenFromEnvironmentOnly(t *testing.T) {
	env := map[string]string{EnvControlToken: "tok-123", EnvControl: "true", EnvMode: ModeLive,
		EnvEndpoint: "http://127.0.0.1:8080", EnvKeyID: "id", EnvKeySecret: "secret"}
	c := Defaults().FromEnv(func(k string) string { return env[k] })
	if c.ControlToken != "tok-123" || !c.Control {
		t.Fatalf("FromEnv: token %q, control %v", c.ControlToken, c.Control)
	}
	e, err := NewEnv(Options{Config: c})
	if err != nil {
		t.Fatal(err)
	}
	if e.ControlToken != "tok-123" {
		t.Fatalf("Env.ControlToken %q", e.ControlToken)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.BindFlags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if f.DefValue == "tok-123" {
			t.Errorf("flag -%s carries the control token", f.Name)
		}
	})
}

// TestControlSpellings: the README says true; 1 means the same, and a value
// that is neither on nor off is an error rather than a silent "off".
func TestControlSpellings(t *testing.T) {
	tests := []struct {
		value   string
		control bool
		err     bool
	}{
		{"", false, false}, {"true", true, false}, {"TRUE", true, false}, {"1", true, false},
		{"false", false, false}, {"0", false, false}, {"yes", false, true}, {"on", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			c := Defaults().FromEnv(func(k string) string {
				if k == EnvControl {
					return tt.value
				}
				return ""
			})
			err := c.Validate()
			if c.Control != tt.control || (err != nil) != tt.err {
				t.Errorf("%s=%q: control %v, err %v; want control %v, error %v", EnvControl, tt.value, c.Control, err, tt.control, tt.err)
			}
			if err != nil && !strings.Contains(err.Error(), "use true (or 1)") {
				t.Errorf("the error does not say what to write: %v", err)
			}
		})
	}
}
