package runner

import (
	"net/url"
	"time"

	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
	"github.com/ecs-conformance/ecs-conformance/report"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// runInfo describes a run for its reports. The endpoint is reduced to its
// host: a URL may carry user information or a path nobody should publish.
// started is when the run began (Options.Today).
func runInfo(c Config, endpoint string, started time.Time) report.Run {
	host := endpoint
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		host = u.Host
	}
	return report.Run{
		Target:   c.Target,
		Endpoint: host,
		Mode:     c.Mode,
		Schemes:  []string{c.Signature},
		Region:   c.Region,
		Date:     started.UTC().Truncate(time.Second),
		Tool:     buildinfo.Read(),
		Contract: report.Contract{Digest: specs.Digest()},
	}
}
