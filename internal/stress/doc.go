// Package stress holds the register's process tests (issue 9): they build the algoreg binary
// once, run `serve` and `import` as real processes and kill, restart, duplicate or cut them
// off from their database. The package has no code of its own; see docs/robustness.md.
package stress
