package runner

import (
	"flag"
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
