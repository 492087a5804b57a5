package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFrom(t *testing.T) {
	main := debug.Module{Path: "example.com/m", Version: "v1.2.3"}
	tests := []struct {
		name     string
		info     *debug.BuildInfo
		ok       bool
		want     Info
		wantLine string
	}{
		{
			name:     "a build stamped with its commit",
			info:     &debug.BuildInfo{GoVersion: "go1.26.0", Main: main, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}},
			ok:       true,
			want:     Info{Module: "example.com/m", Version: "v1.2.3", Revision: "0123456789abcdef0123", Go: "go1.26.0"},
			wantLine: "v1.2.3 (revision 0123456789ab; go1.26.0)",
		},
		{
			name:     "a build from a modified work tree",
			info:     &debug.BuildInfo{GoVersion: "go1.26.0", Main: main, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}},
			ok:       true,
			want:     Info{Module: "example.com/m", Version: "v1.2.3", Revision: "abc", Modified: true, Go: "go1.26.0"},
			wantLine: "v1.2.3 (revision abc, modified; go1.26.0)",
		},
		{
			name:     "go run: no version, no revision",
			info:     &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "example.com/m"}},
			ok:       true,
			want:     Info{Module: "example.com/m", Version: "(devel)", Go: "go1.26.0"},
			wantLine: "(devel) (no VCS revision stamped; go1.26.0)",
		},
		{
			name:     "no build information at all",
			ok:       false,
			want:     Info{Version: "(unknown)", Go: "(unknown)"},
			wantLine: "(unknown) (no VCS revision stamped; (unknown))",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := from(func() (*debug.BuildInfo, bool) { return tt.info, tt.ok })
			if got != tt.want {
				t.Errorf("from = %+v, want %+v", got, tt.want)
			}
			if s := got.String(); s != tt.wantLine {
				t.Errorf("String = %q, want %q", s, tt.wantLine)
			}
		})
	}
}

// TestReadNamesThisModule: under go test the main module is this one.
func TestReadNamesThisModule(t *testing.T) {
	if got := Read().Module; got != "github.com/ecs-conformance/ecs-conformance" {
		t.Errorf("Read().Module = %q, want this module's path", got)
	}
}
