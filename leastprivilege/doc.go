// Package leastprivilege tells a program's owner exactly which scopes the
// program needs, and checks a connected app against that before the
// program runs.
//
// A Plan is the smallest grant that lets every call of a program through:
// each scope, in the organization and environment it is needed in ("any"
// where the call's arguments are not known until run time), with the calls
// that need it and where the fact comes from (the operation's spec, a
// MuleSoft documentation page, or an assumption; see package endpoints). A
// plan comes from either of two records of what a program calls:
//
//   - the static report of command anypoint-scopes (package
//     leastprivilege/scan): every call of an SDK method, and every
//     NewRequest or Call whose method and path are constants, found in the
//     program's source. Calls it cannot resolve are listed, never dropped.
//   - the runtime record of a Recorder given to the client
//     (anypoint.WithCallRecorder): every operation the program called, with
//     the organization and environment it called it in. Run the program's
//     own tests against the fake platform (package anypointtest) with it, or
//     a staging run against the real platform.
//
// # Which scope, where several would do
//
// Many operations take any one of several scopes ("edit:design_center or
// view:design_center"). A plan chooses, among the sets of scopes that
// satisfy every call, the one with the least privilege: each scope weighs
// by its verb (view and read 1; create, publish, subscribe, download,
// restart, execute and the like 2; edit, write and delete 4; manage and
// administer 8; admin 16; full 64), a set weighs the sum, and the lightest
// set wins (then the one with fewer scopes). A program that only lists
// Design Center projects thus needs view:design_center, not
// edit:design_center; one that publishes to Exchange and reads the
// publication's status needs edit:exchange alone, not read:exchange too.
//
// # Preflight
//
// Check compares a plan with what an app holds: the grants missing (with
// the calls that would fail, by organization and environment) and the
// grants held that no call needs. A client-credentials app's grants come
// from the Connected Apps management API (package
// leastprivilege/appgrants, with an administrator's client); a user's
// app's from its token (TokenGrants).
// Require is the same check as a program's first step: it fails fast with
// every missing scope at once, instead of a *anypoint.ScopeError halfway
// through a deployment.
package leastprivilege
