// Package crmbench is the Forex CRM's extra to the generic API benchmark
// (tools/internal/benchrun, which runs scripts/bench_crm): on the same data,
// before the teardown, it computes the account summary the three-tier way —
// a Go client fetches the ledger rows, the open positions, the mark prices
// and the exchange rates and computes the summary itself — reports its TPS
// against account_summary.sql's (the summary in the database), and checks
// that both answers are equal. It reports timings; it asserts none.
package crmbench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"thick/tools/internal/benchrun"
)

// Options configure the three-tier run; zero values take benchrun's
// defaults (THICK_BENCH_CLIENTS, THICK_BENCH_SECONDS) and 200 accounts
// compared.
type Options struct {
	Clients  int           // concurrent Go clients, as pgbench's -c
	Duration time.Duration // of the three-tier measurement
	Verify   int           // accounts whose summary is computed both ways and compared
}

// ThreeTier returns the extra benchrun calls after scripts/bench_crm's
// scripts. It fails when the two ways disagree on any account compared.
func ThreeTier(o Options) benchrun.Extra {
	d := benchrun.Defaults()
	if o.Clients <= 0 {
		o.Clients = d.Clients
	}
	if o.Duration <= 0 {
		o.Duration = d.Duration
	}
	if o.Verify <= 0 {
		o.Verify = 200
	}
	return func(ctx context.Context, dbURL string, rows int, results []benchrun.Result, out io.Writer) error {
		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			return fmt.Errorf("connect: %w", err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		stats, err := dataStats(ctx, conn)
		if err != nil {
			return err
		}
		threeTier, err := runThreeTier(ctx, dbURL, o, rows)
		if err != nil {
			return fmt.Errorf("three-tier account summary: %w", err)
		}
		fmt.Fprintf(out, "\ncrm data: %s\n", stats)
		fmt.Fprintf(out, "account_summary three-tier (Go computes; 5 queries per summary: ownership, ledger rows, open positions, mark prices, rates): %.1f TPS, %d clients\n", threeTier, o.Clients)
		for _, r := range results {
			if r.Script.Name == "account_summary" && r.Err == nil && r.TPS > 0 && threeTier > 0 {
				fmt.Fprintf(out, "account_summary in the database: %.1f TPS, %.2fx the three-tier TPS\n", r.TPS, r.TPS/threeTier)
			}
		}
		checked, mismatches, err := verify(ctx, conn, o.Verify)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		fmt.Fprintf(out, "answers compared on %d accounts: %d differ\n", checked, len(mismatches))
		for _, m := range mismatches {
			fmt.Fprintf(out, "  %s\n", m)
		}
		if len(mismatches) > 0 {
			return fmt.Errorf("account summaries differ on %d of %d accounts", len(mismatches), checked)
		}
		return nil
	}
}
