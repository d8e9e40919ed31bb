// Package docker embeds the Dockerfile of the throwaway Postgres image, so the
// thick binary can build it anywhere without the source tree.
package docker

import _ "embed"

// Dockerfile is tools/docker/Dockerfile.
//
//go:embed Dockerfile
var Dockerfile []byte
