package db

import (
	"context"
	"fmt"
)

const documentsStoreSQL = `
select core.store_document(
           job_id    => $1,
           worker    => $2,
           claim     => $3,
           file_name => $4,
           content   => $5)::text
`

// DocumentsStore stores the PDF that worker rendered for job id, which it
// must hold under a live lease and under claim (JobsClaimRow.Claim), and returns the document's id. The
// application, tenant and subject row come from the job (its payload's app,
// subject_table and subject_id), the sha256 is computed by the database.
// Storing again for the same job returns the first document: a retried job
// stores nothing twice. SQLSTATE PT409 when worker does not hold the job under claim
// (stop working on it), PT404 for an unknown job, 22023 for a payload that
// names no subject or content that is not a PDF.
func DocumentsStore(ctx context.Context, db DBTX, id int64, worker string, claim int, fileName string, content []byte) (string, error) {
	var docID string
	if err := db.QueryRow(ctx, documentsStoreSQL, id, worker, claim, fileName, content).Scan(&docID); err != nil {
		return "", fmt.Errorf("store document of job %d: %w", id, err)
	}
	return docID, nil
}
