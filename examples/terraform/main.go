// Command terraform-provider-alicloud builds the unmodified alicloud
// Terraform provider (github.com/aliyun/terraform-provider-alicloud) from
// the Go module proxy. It serves the provider exactly as the provider's own
// main package does; this wrapper exists only because `go install` of the
// provider module at a version fails here, so the provider is pulled in as
// an ordinary dependency and its main is repeated.
package main

import (
	"github.com/aliyun/terraform-provider-alicloud/alicloud"
	"github.com/hashicorp/terraform-plugin-sdk/plugin"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{
		ProviderFunc: alicloud.Provider,
	})
}
