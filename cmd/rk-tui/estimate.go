package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// Estimates of templates read from disk, with their settings: the
// repository's .rk-tui.json, found walking up; a template's own; the flags
// over both. Which wins is preview's business; this file finds the files
// and words the errors in flags.

// estimateTemplate estimates a template read by readTemplate: its settings
// over the repository's, the flags over both, and a scenario given apart
// (nil for none). What the flags set aside is said on stderr.
func estimateTemplate(s *Streams, tf *templateFile, now time.Time, cfg *preview.Config, o preview.Overrides, given *preview.Scenario) (preview.Version, error) {
	in, err := preview.ReadInputWith(tf.doc, now, cfg)
	if err != nil {
		return preview.Version{}, fileSettingError(tf, err)
	}
	if err := in.Override(o, given); err != nil {
		return preview.Version{}, overrideError(err)
	}
	for _, d := range in.Dropped {
		fmt.Fprintf(s.Err, "rk-tui: %s: %s given, so the file's %s is not used\n", tf.name, flagName(d.Because), d.Path)
	}
	r := in.Estimate()
	r.NoteInvalidTemplate(tf.name, tf.errors())
	return preview.Version{Name: tf.name, Input: in, Result: r}, nil
}

// estimated are the templates of several files, estimated for one account.
type estimated struct {
	versions []preview.Version
	// invalid have validation errors: estimated as far as their metrics
	// can be read. unread could not be read at all, and are left out.
	invalid []*templateFile
	unread  []error
}

// estimateFiles reads and estimates the templates of files.
func estimateFiles(ctx context.Context, s *Streams, files []string, now time.Time, cfg *preview.Config, o preview.Overrides) (estimated, error) {
	var e estimated
	for _, path := range files {
		tf, err := readTemplate(ctx, s, path)
		switch {
		case ctx.Err() != nil:
			return e, ctx.Err()
		case err != nil:
			e.unread = append(e.unread, err)
			continue
		case len(tf.errors()) > 0:
			e.invalid = append(e.invalid, tf)
		}
		if tf.doc == nil {
			continue
		}
		v, err := estimateTemplate(s, tf, now, cfg, o, nil)
		if err != nil {
			return e, err
		}
		e.versions = append(e.versions, v)
	}
	return e, nil
}

// report says on stderr what could not be read or has errors; it returns
// exit 1 when anything did.
func (e estimated) report(s *Streams) error {
	for _, err := range e.unread {
		fmt.Fprintln(s.Err, "rk-tui: "+template.SafeText(err.Error()))
	}
	for _, tf := range e.invalid {
		tf.printErrors(s)
	}
	if len(e.unread) > 0 || len(e.invalid) > 0 {
		return findingsError()
	}
	return nil
}

// configFor finds the settings file for paths, walking up from the first
// one's directory (the working directory for standard input), and says
// where it is ("" when there is none).
func configFor(paths []string) (*preview.Config, string, error) {
	dir := "."
	if len(paths) > 0 && paths[0] != "-" {
		dir = paths[0]
		if !isDir(dir) {
			dir = filepath.Dir(dir)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", ioError(err)
	}
	for {
		path := filepath.Join(abs, preview.ConfigFile)
		var data []byte
		_, err := os.Lstat(path)
		if err == nil {
			// Read without blocking: a named pipe there is refused, not waited on.
			data, err = template.ReadLimited(context.Background(), path, nil, template.MaxSize)
		}
		switch {
		case err == nil:
			cfg, perr := preview.ParseConfig(data)
			if perr != nil {
				return nil, path, usageError("%s:%v", template.DisplayName(path), configPlace(perr))
			}
			return cfg, path, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, path, ioError(err)
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return nil, "", nil
		}
		abs = parent
	}
}

func configPlace(err error) string {
	var ce *preview.ConfigError
	if errors.As(err, &ce) && ce.Line == 0 {
		return " " + ce.Error()
	}
	return err.Error()
}

// overrideError words an error of Input.Override in flags: the settings it
// names become the flags that give them.
func overrideError(err error) error {
	var fe *preview.FieldError
	var ce *preview.ConflictError
	switch {
	case errors.As(err, &ce):
		return usageError("%s and %s %s", flagName(ce.Settings[0]), flagName(ce.Settings[1]), ce.Msg)
	case errors.As(err, &fe):
		return usageError("%s: %s %s", flagName(fe.Field), fe.Field, fe.Message(flagName))
	}
	return usageError("%v", err)
}

// fileSettingError places a bad x-rk-tui.profile or x-rk-tui.scenario value
// in the file, and names the flag that overrides it. It wraps err, so
// validate can list it as a finding instead (preview.SettingFinding).
func fileSettingError(tf *templateFile, err error) error {
	var fe *preview.FieldError
	var se *preview.ScenarioError
	var msg string
	switch {
	case errors.As(err, &fe) && fe.Path != "":
		line, col := tf.doc.Position(fe.Path)
		hint := "fix it in the file"
		if fl := flagName(fe.Field); fl != fe.Field {
			hint += " or override it with " + fl
		}
		msg = fmt.Sprintf("%s:%d:%d: %s; %s", tf.name, line, col, fe.Error(), hint)
	case errors.As(err, &se):
		msg = fmt.Sprintf("%s:%s", tf.name, scenarioPlace(se))
	default:
		msg = fmt.Sprintf("%s: %v", tf.name, err)
	}
	return &exitError{code: exitUsage, err: &wrapped{msg: msg, cause: err}}
}

// wrapped is an error worded for the user that keeps its cause.
type wrapped struct {
	msg   string
	cause error
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.cause }

// scenarioFlag is the scenario of --scenario FILE, nil without one; it
// and the profile flags o must not conflict.
func scenarioFlag(ctx context.Context, s *Streams, path string, o preview.Overrides) (*preview.Scenario, error) {
	if path == "" {
		return nil, nil
	}
	if err := preview.CheckScenarioOverride(o); err != nil {
		return nil, overrideError(err)
	}
	data, err := template.ReadLimited(ctx, path, s.In, template.MaxSize)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, usageError("--scenario: %v", err)
	}
	sc, err := preview.ParseScenario(data)
	if err != nil {
		var se *preview.ScenarioError
		if errors.As(err, &se) {
			return nil, usageError("--scenario %s:%s", template.DisplayName(path), scenarioPlace(se))
		}
		return nil, usageError("--scenario %s: %v", template.DisplayName(path), err)
	}
	return sc, nil
}

// scenarioPlace formats a scenario error as "line:col: path msg".
func scenarioPlace(se *preview.ScenarioError) string {
	if se.Line == 0 {
		return " " + se.Error()
	}
	return se.Error()
}
