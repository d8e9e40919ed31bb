package crmbench

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// querier is what the three-tier queries need: a connection, a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// dataStats describes the data the run measures.
func dataStats(ctx context.Context, conn *pgx.Conn) (string, error) {
	var clients, accounts, positions, open, deposits, entries int64
	err := conn.QueryRow(ctx, `
        select (select count(*) from crm.clients),
               (select count(*) from crm.accounts),
               (select count(*) from crm.positions),
               (select count(*) from crm.positions where closed_at is null),
               (select count(*) from crm.deposits),
               (select count(*) from crm.ledger_entries)`).Scan(&clients, &accounts, &positions, &open, &deposits, &entries)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d clients, %d accounts, %d positions (%d open), %d deposits, %d ledger entries",
		clients, accounts, positions, open, deposits, entries), nil
}
