# Reads alicloud_security_groups from ecsemu. run.sh copies this file into a
# fresh temporary directory per query and passes the variables with -var.
# Every setting in the provider block below is there so that nothing leaves
# for the real cloud; README.md explains each one.

terraform {
  required_providers {
    alicloud = {
      source = "aliyun/alicloud"
    }
  }
}

variable "endpoint" {
  description = "host:port of the emulator, without a scheme"
  type        = string
}

variable "access_key" {
  type    = string
  default = "LTAI5tEmulatorDefault0001" # the emulator's published fake key
}

variable "secret_key" {
  type      = string
  default   = "EmulatorDefaultSecret0000000000001" # published fake secret
  sensitive = true
}

variable "region" {
  type    = string
  default = "cn-hangzhou"
}

variable "enable_details" {
  type    = bool
  default = true
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = null
}

variable "name_regex" {
  type    = string
  default = null
}

provider "alicloud" {
  access_key = var.access_key
  secret_key = var.secret_key
  region     = var.region

  # Without account_type the provider calls BssOpenApi QueryAvailableInstances
  # while it configures itself, to find out whether the account is Domestic
  # or International.
  account_type = "Domestic"

  # The emulator speaks plain HTTP; the provider's default is HTTPS.
  protocol = "HTTP"

  # cn-hangzhou is in the provider's static region list, so this is not
  # needed for the default region; it is for any region the emulator invents.
  skip_region_validation = true

  endpoints {
    # host:port, no scheme. Without it the provider looks the endpoint up.
    ecs = var.endpoint
    # Not called by this data source with the settings above; pointed at the
    # emulator anyway so that a slip ends at 127.0.0.1, not at the real
    # services: bssopenapi (account type), sts (assumed roles), location
    # (endpoint discovery for products without an entry here).
    bssopenapi = var.endpoint
    sts        = var.endpoint
    location   = var.endpoint
  }
}

data "alicloud_security_groups" "this" {
  enable_details = var.enable_details
  vpc_id         = var.vpc_id
  tags           = var.tags
  name_regex     = var.name_regex
}

output "ids" {
  value = data.alicloud_security_groups.this.ids
}

output "total_count" {
  value = data.alicloud_security_groups.this.total_count
}

output "groups" {
  value = data.alicloud_security_groups.this.groups
}
