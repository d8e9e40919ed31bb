// Package contract holds the end-to-end test of the job contract
// (docs/jobs.md): the whole project built with its seed, the job kinds the
// seed does not enqueue triggered as the applications and their schedules
// do, and the three workers' real handlers run over every job.
package contract
