package postmaster

import "runtime"

func goVersion() string { return runtime.Version() }
