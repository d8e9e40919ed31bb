// Package pgdocker starts a throwaway PostgreSQL in a container with
// testcontainers-go: the image named by THICK_PG_IMAGE when set (used as it is
// when present locally), otherwise an image with pgTAP, pg_cron and
// plpgsql_check built once from tools/docker/Dockerfile.
//
// Available answers quickly and quietly whether a Docker engine is there, by
// pinging the socket (or DOCKER_HOST) with a short timeout, so callers fall
// back to local binaries without waiting on testcontainers' own discovery.
package pgdocker

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/wait"

	"thick/tools/docker"
)

// ImageEnv names the variable that overrides the image.
const ImageEnv = "THICK_PG_IMAGE"

// Repo is the repository of the image built from tools/docker/Dockerfile; its
// tag is a hash of the Dockerfile, so an edit builds a new image.
const Repo = "thick-postgres"

// PingTimeout bounds each probe of a candidate Docker endpoint.
var PingTimeout = 1500 * time.Millisecond

// Available reports whether a Docker engine answers, and where. It checks
// DOCKER_HOST, tc.host of ~/.testcontainers.properties and the usual socket
// paths, with a short timeout each; it never asks testcontainers, which is
// slow and noisy when no engine is there.
func Available(ctx context.Context) (string, error) {
	cands := candidates()
	if len(cands) == 0 {
		return "", errors.New("no DOCKER_HOST and no Docker socket found")
	}
	var errs []string
	for _, c := range cands {
		if err := ping(ctx, c); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", c, err))
			continue
		}
		return c, nil
	}
	return "", errors.New(strings.Join(errs, "; "))
}

func candidates() []string {
	var out []string
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		out = append(out, h)
	}
	if h := propertiesHost(); h != "" {
		out = append(out, h)
	}
	socks := []string{"/var/run/docker.sock"}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		socks = append(socks, filepath.Join(d, "docker.sock"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		socks = append(socks,
			filepath.Join(home, ".docker", "run", "docker.sock"),
			filepath.Join(home, ".docker", "desktop", "docker.sock"))
	}
	socks = append(socks, fmt.Sprintf("/run/user/%d/docker.sock", os.Getuid()))
	for _, s := range socks {
		if fi, err := os.Stat(s); err == nil && fi.Mode()&os.ModeSocket != 0 {
			out = append(out, "unix://"+s)
		}
	}
	return out
}

// propertiesHost reads tc.host from ~/.testcontainers.properties.
func propertiesHost() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(home, ".testcontainers.properties"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if ok && strings.TrimSpace(k) == "tc.host" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ping sends GET /_ping to a unix:// or tcp:// endpoint. Over TLS (or any
// other scheme) it only checks that the endpoint accepts a connection.
func ping(ctx context.Context, host string) error {
	ctx, cancel := context.WithTimeout(ctx, PingTimeout)
	defer cancel()
	u, err := url.Parse(host)
	if err != nil {
		return err
	}
	var network, addr string
	switch u.Scheme {
	case "unix":
		network, addr = "unix", u.Path
	case "tcp", "http", "https":
		network, addr = "tcp", u.Host
	default:
		return fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	var d net.Dialer
	if u.Scheme == "https" || (u.Scheme == "tcp" && os.Getenv("DOCKER_TLS_VERIFY") != "") {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return err
		}
		return c.Close()
	}
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/_ping", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ping: %s", resp.Status)
	}
	return nil
}

// Options configure Start.
type Options struct {
	Image string    // overrides THICK_PG_IMAGE and the built image
	Log   io.Writer // progress (image build); nil for none
	Debug bool      // pass testcontainers' own log to Log
}

// Container is a running throwaway PostgreSQL.
type Container struct {
	Image string
	c     testcontainers.Container
	host  string
	port  string
}

// ImageTag is the tag of the image built from the embedded Dockerfile.
func ImageTag() string {
	sum := sha256.Sum256(docker.Dockerfile)
	return Repo + ":15-" + hex.EncodeToString(sum[:6])
}

// Start runs PostgreSQL in a container and waits until it accepts
// connections. The container is removed by Stop (and by the reaper, when
// enabled, if the process dies first).
func Start(ctx context.Context, o Options) (*Container, error) {
	logw := o.Log
	if logw == nil {
		logw = io.Discard
	}
	var logger tclog.Logger = tclog.NewNoopLogger()
	if o.Debug {
		logger = logWriter{logw}
	}
	tclog.SetDefault(logger)

	req := testcontainers.ContainerRequest{
		Env: map[string]string{
			"POSTGRES_PASSWORD":         "postgres",
			"POSTGRES_HOST_AUTH_METHOD": "trust",
		},
		Cmd: []string{"postgres",
			"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			"-c", "max_connections=200"},
		ExposedPorts: []string{"5432/tcp"},
		Tmpfs:        map[string]string{"/var/lib/postgresql/data": "rw"},
		WaitingFor: wait.ForAll(
			wait.ForLog("database system is ready to accept connections").WithOccurrence(2),
			wait.ForListeningPort("5432/tcp"),
		).WithDeadline(2 * time.Minute),
	}
	img := o.Image
	if img == "" {
		img = os.Getenv(ImageEnv)
	}
	if img != "" {
		req.Image = img
	} else {
		img = ImageTag()
		present, err := imagePresent(ctx, img)
		if err != nil {
			return nil, fmt.Errorf("inspect image %s: %w", img, err)
		}
		if present {
			req.Image = img
		} else {
			fmt.Fprintf(logw, "building %s from tools/docker/Dockerfile (first use)\n", img)
			archive, err := contextArchive()
			if err != nil {
				return nil, err
			}
			repo, tag, _ := strings.Cut(img, ":")
			req.FromDockerfile = testcontainers.FromDockerfile{
				ContextArchive: archive,
				Repo:           repo,
				Tag:            tag,
				KeepImage:      true,
				BuildLogWriter: buildLog(o),
			}
		}
	}
	c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: req,
		Started:          true,
		Logger:           logger,
	})
	if err != nil {
		if c != nil {
			_ = c.Terminate(context.WithoutCancel(ctx))
		}
		return nil, fmt.Errorf("start container %s: %w", img, err)
	}
	ct := &Container{Image: img, c: c}
	host, err := c.Host(ctx)
	if err == nil {
		var p interface{ Port() string }
		p, err = c.MappedPort(ctx, "5432/tcp")
		if err == nil {
			ct.host, ct.port = host, p.Port()
		}
	}
	if err != nil {
		_ = ct.Stop(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("container address: %w", err)
	}
	return ct, nil
}

func buildLog(o Options) io.Writer {
	if o.Debug && o.Log != nil {
		return o.Log
	}
	return io.Discard
}

// URL is the connection string of database db in the container.
func (c *Container) URL(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("postgres", "postgres"),
		Host:     net.JoinHostPort(c.host, c.port),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Stop removes the container. It runs to completion even when ctx is
// already cancelled (Ctrl-C), within a short bound.
func (c *Container) Stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := c.c.Terminate(ctx); err != nil {
		return fmt.Errorf("remove container: %w", err)
	}
	return nil
}

func imagePresent(ctx context.Context, img string) (bool, error) {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return false, err
	}
	defer cli.Close()
	if _, err := cli.ImageInspect(ctx, img); err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

func isNotFound(err error) bool {
	var nf interface{ NotFound() }
	if errors.As(err, &nf) {
		return true
	}
	return strings.Contains(strings.ToLower(err.Error()), "no such image")
}

// contextArchive is the build context: the embedded Dockerfile alone.
func contextArchive() (io.ReadSeeker, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{Name: "Dockerfile", Mode: 0o644, Size: int64(len(docker.Dockerfile)), ModTime: time.Unix(0, 0)}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	if _, err := tw.Write(docker.Dockerfile); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("build context: %w", err)
	}
	return bytes.NewReader(buf.Bytes()), nil
}

type logWriter struct{ w io.Writer }

func (l logWriter) Printf(format string, v ...any) {
	fmt.Fprintf(l.w, strings.TrimRight(format, "\n")+"\n", v...)
}
