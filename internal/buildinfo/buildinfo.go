// Package buildinfo says which build of this module is running: the module
// version and VCS revision the Go toolchain stamped into the binary
// (runtime/debug.ReadBuildInfo). Every binary's -version flag prints it, and
// the reports name it, so a result can be traced to the code that produced
// it.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Info is what a binary knows of its own build.
type Info struct {
	// Module is the main module's path.
	Module string `json:"module"`
	// Version is the main module's version: a tag, a pseudo-version that
	// embeds the commit, or "(devel)" when the toolchain had none to give
	// (go run, go test).
	Version string `json:"version"`
	// Revision is the VCS commit the binary was built from, "" when the
	// toolchain did not stamp one (go run and go test do not).
	Revision string `json:"revision,omitempty"`
	// Modified says the work tree had uncommitted changes.
	Modified bool `json:"modified,omitempty"`
	// Go is the toolchain that built the binary.
	Go string `json:"go"`
}

// Read returns the running binary's build information; read is
// debug.ReadBuildInfo in production.
func Read() Info { return from(debug.ReadBuildInfo) }

func from(read func() (*debug.BuildInfo, bool)) Info {
	bi, ok := read()
	if !ok {
		// A binary built without module support; nothing more to say.
		return Info{Version: "(unknown)", Go: "(unknown)"}
	}
	i := Info{Module: bi.Main.Path, Version: bi.Main.Version, Go: bi.GoVersion}
	if i.Version == "" {
		i.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.modified":
			i.Modified = s.Value == "true"
		}
	}
	return i
}

// String is the one line a -version flag prints after the binary's name:
// "v0.1.0 (revision 0123456789ab, modified; go1.26.0)".
func (i Info) String() string {
	var extra []string
	switch {
	case i.Revision != "" && i.Modified:
		extra = append(extra, "revision "+short(i.Revision)+", modified")
	case i.Revision != "":
		extra = append(extra, "revision "+short(i.Revision))
	default:
		extra = append(extra, "no VCS revision stamped")
	}
	extra = append(extra, i.Go)
	return fmt.Sprintf("%s (%s)", i.Version, strings.Join(extra, "; "))
}

// Line is what "NAME -version" prints: the binary's name, its module and
// String.
func Line(name string) string {
	i := Read()
	return fmt.Sprintf("%s %s %s", name, i.Module, i)
}

// short keeps the 12 characters of a commit hash that people quote.
func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
