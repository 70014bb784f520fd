package tui

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// session is the template being edited and everything derived from it: the
// typed view, the findings of validate, the cost estimate. Every edit goes
// through it and writes into the document's bytes, so no part of the studio
// holds a copy that could drift from the file. It knows nothing of the
// terminal: forms and steps are bound to it and can be tested with a
// session alone.
//
// A keystroke costs as little as the edit: an edit inside one metric, one
// metadata entry, the profile or another indexed value is made on that
// value's bytes alone (the Validator's index says where it lies), the typed
// view re-reads that value only, the Validator and the Estimator redo only
// what changed, and the profile is read again only when its bytes change.
// Anything else (adding or moving metrics, switching the route) reads the
// whole document again.
type session struct {
	// removedAt remembers the order of the keys of an object a field's
	// clear took a key from (object path → keys), so typing the field
	// again puts the key back in its place.
	removedAt map[string][]string
	// typeKept holds, per DogStatsD operation path, what a switch of its
	// type to or from event took out (metric and value, or title and
	// text), so the way back restores it even after the metric's form was
	// closed. A move or delete shifts paths: it forgets them all.
	typeKept map[string]map[string]string
	// agentOps are the paths of the dogstatsd operations an edit of the
	// agent changes, chosen at its first key; agentOpsGen is the edit they
	// belong to (any other edit ends it).
	agentOps    map[string]bool
	agentOpsGen int
	doc         *template.Document
	view        template.Template
	metrics     []template.Metric
	findings    []template.Finding
	cost        costState
	errors      int
	// literalKey: some api_key holds a real key, so what is shown is masked.
	literalKey bool

	validator template.Validator
	estimator preview.Estimator
	profile   profileCache
	metaAt    map[string][2]int // where each metric's tool data lies

	// canonical: the file was indented as the tool writes it, so edits
	// keep it so (line numbers in findings then match the JSON pane and the
	// saved file). finalNewline: a save ends the file with a newline.
	canonical, finalNewline bool
	// clean are the bytes that count as "no changes": the file as read or
	// last saved, or the template as the preset built it.
	clean []byte
	// savedPath is the file the document was read from or last saved to,
	// diskSum that file's SHA-256 then, to notice another program's change.
	savedPath string
	diskSum   [32]byte
	// gen counts edits; a route switch taken straight back compares it.
	gen int

	now func() time.Time
}

// profileCache keeps the profile and scenario read from the bytes they
// come from (aug, x-rk-tui.profile, x-rk-tui.scenario).
type profileCache struct {
	key      string
	valid    bool
	profile  preview.Profile
	scenario *preview.Scenario
	problem  string
	// err is the first bad setting (the profile's, else the scenario's):
	// what rk-tui validate lists as a cost-setting finding.
	err error
}

func newSession(doc *template.Document, now func() time.Time) *session {
	s := &session{now: now}
	s.load(doc)
	s.clean = bytes.Clone(doc.Bytes())
	return s
}

// replace makes doc the session's document (another preset, a resumed
// draft): an edit like any other.
func (s *session) replace(doc *template.Document) {
	s.gen++
	s.typeKept = nil
	s.load(doc)
}

// keptFor is what type switches took out of the operation at path.
func (s *session) keptFor(path string) map[string]string {
	if s.typeKept == nil {
		s.typeKept = map[string]map[string]string{}
	}
	k := s.typeKept[path]
	if k == nil {
		k = map[string]string{}
		s.typeKept[path] = k
	}
	return k
}

func (s *session) load(doc *template.Document) {
	s.doc = doc
	s.canonical = doc.IsCanonical()
	b := doc.Bytes()
	s.finalNewline = len(b) > 0 && b[len(b)-1] == '\n'
	s.reread()
}

// edit applies a change to the whole document and reads it all again. A
// failed change leaves the document as it was.
func (s *session) edit(change func(d *template.Document) error) error {
	before := s.doc.Clone()
	if err := change(s.doc); err != nil {
		s.doc = before
		return err
	}
	if s.canonical {
		s.doc.Reindent()
	}
	s.gen++
	s.reread()
	return nil
}

// editAt applies a change to the object at path (a metric, a metadata
// entry, aug, the profile), on that object's bytes alone when the index
// knows where it lies, else through the whole document. The typed view is
// brought up to date for what the object is.
func (s *session) editAt(path string, change func(obj *template.Document) error) error {
	start, end, rest, ok := s.validator.Locate(path)
	if !ok || rest != "" || s.doc.Bytes()[start] != '{' {
		return s.edit(func(d *template.Document) error {
			raw := []byte("{}") // created by the edit
			if obj := d.Get(path); obj.Exists() {
				if !obj.IsObject() {
					return errors.New(path + " is not an object; fix it in the file first")
				}
				raw = []byte(obj.Raw)
			}
			v, err := template.Parse(raw)
			if err != nil {
				return err
			}
			if err := change(v); err != nil {
				return err
			}
			return d.SetRaw(path, v.Bytes())
		})
	}
	doc := &template.Document{}
	*doc = *s.doc // EditWithin builds new bytes: the old document stays intact on failure
	value, err := doc.EditWithin(start, end, s.canonical, change)
	if err != nil {
		return err
	}
	s.doc = doc
	s.gen++
	s.patchView(path, value)
	s.derive()
	return nil
}

// editMetric applies a change to metric i's own object.
func (s *session) editMetric(i int, e template.MetricEdit) error {
	m, ok := s.metric(i)
	if !ok {
		return errors.New("there is no metric " + itoa(i+1))
	}
	return s.editAt(m.Path, e)
}

// renameMetric names metric i and moves its tool data from the name owner
// to the new one, unless that name has tool data of its own. Both changes
// are made on their own bytes when the index knows them: the metadata key
// first, as it lies after the metric, so the metric's place stays right.
func (s *session) renameMetric(i int, name, owner string) error {
	m, ok := s.metric(i)
	members, indexed := s.validator.Members(template.ExtensionKey + ".metrics")
	start, end, rest, located := s.validator.Locate(m.Path)
	if !ok || !indexed || !located || rest != "" {
		return s.edit(func(d *template.Document) error {
			return renameWhole(d, m, name, owner)
		})
	}
	doc := &template.Document{}
	*doc = *s.doc
	if owner != "" && name != "" && owner != name {
		keyAt := -1
		for _, mm := range members {
			switch mm.Key {
			case owner:
				keyAt = mm.KeyStart
			case name:
				keyAt = -2 // taken: the data stays with its name
			}
			if keyAt == -2 {
				break
			}
		}
		if keyAt >= 0 && keyAt > start {
			if err := doc.RenameKeyAt(keyAt, name); err != nil {
				return err
			}
		} else if keyAt >= 0 {
			return s.edit(func(d *template.Document) error { return renameWhole(d, m, name, owner) })
		}
	}
	value, err := doc.EditWithin(start, end, s.canonical, template.SetName(name))
	if err != nil {
		return err
	}
	s.doc = doc
	s.gen++
	s.patchView(m.Path, value)
	s.derive()
	return nil
}

func renameWhole(d *template.Document, m template.Metric, name, owner string) error {
	if err := d.EditMetric(m, template.SetName(name)); err != nil {
		return err
	}
	return d.RenameMeta(owner, name)
}

// setMeta writes one field of a metric's tool data; nil removes it.
func (s *session) setMeta(name, key string, value any) error {
	if name == "" {
		// x-rk-tui.metrics is keyed by name: without one the field would
		// land in the map itself, as a metric called "unit".
		return fmt.Errorf("name the metric first: its %s is kept under its name", key)
	}
	return s.setMember(objRef{template.ExtensionKey + ".metrics", name, &objRef{parent: template.ExtensionKey, key: "metrics"}}, key, value,
		func(d *template.Document) error { return d.SetMetaField(name, key, value) })
}

// setProfile writes one field of the cost profile; nil removes it.
func (s *session) setProfile(key string, value any) error {
	return s.setMember(objRef{parent: template.ExtensionKey, key: "profile"}, key, value,
		func(d *template.Document) error { return d.SetProfile(key, value) })
}

// setTagValues writes the expected number of values of a tag key; nil
// removes it.
func (s *session) setTagValues(key string, value any) error {
	return s.setMember(objRef{template.ExtensionKey + ".profile", "tag_values", &objRef{parent: template.ExtensionKey, key: "profile"}}, key, value,
		func(d *template.Document) error { return tagValuesWhole(d, key, value) })
}

// objRef names an object by where it stands: its parent's path and its
// key there; up names the parent the same way when a clear can take the
// parent too (the last tool data of the last metric takes
// x-rk-tui.metrics), so typing again puts both back where they stood.
type objRef struct {
	parent, key string
	up          *objRef
}

func (o objRef) path() string { return o.parent + "." + template.Key(o.key) }

// setMember writes key of the object o: an existing key is replaced where
// it stands, on the object's own bytes; a new one goes where a cleared
// field took it from (clear a field, type it again: the file keeps its
// order), else last, laid out like its neighbours. An object the last
// clear dropped comes back where it stood in its parent. nil removes the
// key; whole makes the change on the whole document when the bytes of the
// object (or its parent) alone cannot.
func (s *session) setMember(o objRef, key string, value any, whole func(d *template.Document) error) error {
	if value == nil {
		if obj := s.doc.Get(o.path()); obj.Get(template.Key(key)).Exists() {
			s.remember(o.path())
			if len(obj.Map()) == 1 { // the object goes too
				s.remember(o.parent)
				if o.up != nil && len(s.doc.Get(o.parent).Map()) == 1 { // and its parent
					s.remember(o.up.parent)
				}
			}
		}
		return s.edit(whole)
	}
	insert := func(objPath, key string, value any) func(obj *template.Document) error {
		return func(obj *template.Document) error {
			if obj.Get(template.Key(key)).Exists() {
				return obj.Set(template.Key(key), value)
			}
			return obj.InsertMember("", s.placeOf(objPath, key, obj.MemberKeys("")), key, value)
		}
	}
	switch {
	case strings.HasPrefix(s.indexed(o.path()), "{"):
		return s.editAt(o.path(), insert(o.path(), key, value))
	case strings.HasPrefix(s.indexed(o.parent), "{") && !s.doc.Get(o.path()).Exists():
		// A map, not {key: value} through sjson: a key that looks like an
		// index ("404") would make an array.
		return s.editAt(o.parent, insert(o.parent, o.key, map[string]any{key: value}))
	case o.up != nil && strings.HasPrefix(s.indexed(o.up.parent), "{") && !s.doc.Get(o.parent).Exists():
		return s.editAt(o.up.parent, insert(o.up.parent, o.up.key, map[string]any{o.key: map[string]any{key: value}}))
	}
	return s.edit(whole)
}

// remember keeps the order of the keys of the object at objPath before a
// field's clear takes one away, merged with what was kept before (keys
// cleared earlier keep their places).
func (s *session) remember(objPath string) {
	if s.removedAt == nil {
		s.removedAt = map[string][]string{}
	}
	now := s.doc.MemberKeys(objPath)
	merged := slices.Clone(s.removedAt[objPath])
	if len(merged) == 0 {
		s.removedAt[objPath] = now
		return
	}
	// A key the kept order lacks goes after the key before it now.
	for i, k := range now {
		if slices.Contains(merged, k) {
			continue
		}
		at := 0
		if i > 0 {
			at = slices.Index(merged, now[i-1]) + 1
		}
		merged = slices.Insert(merged, at, k)
	}
	s.removedAt[objPath] = merged
}

// placeOf is where key goes back into the object at objPath, which holds
// the keys present: after the nearest key that stood before it and is
// there now, first when none is; nil (last) for a key never cleared.
func (s *session) placeOf(objPath, key string, present []string) *string {
	order := s.removedAt[objPath]
	i := slices.Index(order, key)
	if i < 0 {
		return nil
	}
	for j := i - 1; j >= 0; j-- {
		if slices.Contains(present, order[j]) {
			return &order[j]
		}
	}
	first := ""
	return &first
}

// tagValuesWhole writes a tag key's values through the whole document,
// dropping tag_values (and the profile) when the last key goes.
func tagValuesWhole(d *template.Document, key string, value any) error {
	path := template.ExtensionKey + ".profile"
	if value == nil {
		if err := d.SetProfile("tag_values."+template.Key(key), nil); err != nil {
			return err
		}
		if tv := d.Get(path + ".tag_values"); tv.IsObject() && len(tv.Map()) == 0 {
			return d.SetProfile("tag_values", nil)
		}
		return nil
	}
	if !d.Get(path + ".tag_values").IsObject() {
		if err := d.SetProfile("tag_values", map[string]any{}); err != nil {
			return err
		}
	}
	return d.SetProfile("tag_values."+template.Key(key), value)
}

// setAgent sets the target of the dogstatsd operations that send to the
// agent the studio shows (the first operation's), in one pass. An
// operation with a target of its own (another host or port, written by
// hand) is left as it is.
func (s *session) setAgent(host string, port any) error {
	first, ok := s.firstAgent()
	if !ok {
		return nil
	}
	shown := first.DogStatsD
	// The operations edited are chosen once, at the first key of an edit,
	// and kept while the agent is all that changes: typing through another
	// agent's address ("agent-a" to "agent-b" by way of "agent") must not
	// take that agent's operations along.
	if s.agentOps == nil || s.agentOpsGen != s.gen {
		s.agentOps = map[string]bool{}
		for _, op := range s.view.Operations {
			if d := op.DogStatsD; d != nil && d.Host == shown.Host && d.Port == shown.Port {
				s.agentOps[op.Path] = true
			}
		}
	}
	defer func() { s.agentOpsGen = s.gen }()
	paths := s.agentOps
	same := func(op template.Operation) bool { return op.DogStatsD != nil && paths[op.Path] }
	var spans [][2]int
	for _, op := range s.view.Operations {
		if !same(op) {
			continue
		}
		start, end, rest, ok := s.validator.Locate(op.Path)
		if !ok || rest != "" {
			spans = nil
			break
		}
		spans = append(spans, [2]int{start, end})
	}
	if len(spans) == 0 {
		return s.edit(func(d *template.Document) error {
			for _, op := range template.Read(d).Operations {
				if same(op) {
					if err := d.EditMetric(template.Metric{Path: op.Path}, template.AgentAddress(host, port)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	doc := &template.Document{}
	*doc = *s.doc
	if err := doc.EditEach(spans, s.canonical, template.AgentAddress(host, port)); err != nil {
		return err
	}
	s.doc = doc
	s.gen++
	n, _ := port.(int)
	for i := range s.view.Operations {
		if op := s.view.Operations[i].DogStatsD; same(s.view.Operations[i]) {
			c := *op
			c.Host, c.Port = host, int64(n)
			s.view.Operations[i].DogStatsD = &c
		}
	}
	s.metrics = s.view.Metrics()
	s.derive()
	return nil
}

// firstAgent is the first dogstatsd operation: its target is the agent
// the target step shows and edits.
func (s *session) firstAgent() (template.Operation, bool) {
	for _, op := range s.view.Operations {
		if op.DogStatsD != nil {
			return op, true
		}
	}
	return template.Operation{}, false
}

// patchView re-reads the one value an editAt changed, whose JSON is raw.
func (s *session) patchView(path string, raw []byte) {
	for i, m := range s.metrics {
		if m.Path != path {
			continue
		}
		op := &s.view.Operations[m.Op.Index]
		if op.Datadog != nil {
			j := strings.LastIndexByte(path, '.')
			if k, err := strconv.Atoi(path[j+1:]); err == nil && k < len(op.Datadog.Metrics) {
				dm := template.ReadDatadogMetric(raw)
				op.Datadog.Metrics[k] = dm
				s.metrics[i] = m.WithDatadog(dm)
			}
		} else if op.DogStatsD != nil {
			op.DogStatsD = template.ReadDogStatsD(raw)
			s.metrics[i] = m.WithDogStatsD(op.DogStatsD)
		}
		return
	}
	if path == "appearance" || path == "aug" {
		s.view = template.ReadTop(s.view, path, raw)
	}
}

// reread reads the whole document: the typed view and all that derives.
func (s *session) reread() {
	s.view = template.Read(s.doc)
	s.metrics = s.view.Metrics()
	s.literalKey = template.LiteralKey(s.doc) != ""
	s.profile.valid = false
	s.derive()
}

// derive brings the findings and the cost up to date with the document.
func (s *session) derive() {
	s.findings = s.validator.Validate(s.doc)
	s.errors = 0
	for _, f := range s.findings {
		if f.Severity == template.Error {
			s.errors++
		}
	}
	pc := s.profileNow()
	s.cost = costState{problem: pc.problem}
	// A bad cost setting is a finding, as validate reports it: counted in
	// the header and the review, shown at its field.
	if f, ok := preview.SettingFinding(s.doc, pc.err); ok {
		s.findings = append(s.findings, f)
		s.errors++
	}
	s.cost.res = s.estimator.UpdateMetrics(s.metrics, s.view.Limits, s.metas(), pc.profile, pc.scenario)
}

// profileNow is the profile and scenario, read again only when the bytes
// they come from changed.
func (s *session) profileNow() profileCache {
	key := s.indexed("aug") + "\x00" + s.indexed(template.ExtensionKey+".profile") + "\x00" + s.indexed(template.ExtensionKey+".scenario")
	if s.profile.valid && s.profile.key == key {
		return s.profile
	}
	pc := profileCache{key: key, valid: true}
	p, err := preview.ProfileFrom(s.doc, s.now())
	if err != nil {
		pc.problem, pc.err = err.Error(), err
		p = preview.DefaultProfile()
	}
	sc, err := preview.ScenarioFrom(s.doc)
	if err != nil {
		pc.problem, sc = err.Error(), nil
		if pc.err == nil {
			pc.err = err
		}
	}
	pc.profile, pc.scenario = p, sc
	s.profile = pc
	return pc
}

// span is where the value at path (or its nearest existing parent) lies
// in the document's bytes, found through the index without reading the
// document from its start.
func (s *session) span(path string) (start, end int, ok bool) {
	for path != "" {
		if st, en, rest, found := s.validator.Locate(path); found {
			if rest == "" {
				return st, en, true
			}
			if r := gjson.GetBytes(s.doc.Bytes()[st:en], rest); r.Exists() {
				return st + r.Index, st + r.Index + len(r.Raw), true
			}
		} else if !s.validator.Ready() {
			if r := s.doc.Get(path); r.Exists() && r.Index > 0 {
				return r.Index, r.Index + len(r.Raw), true
			}
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0, 0, false
}

// indexed is the JSON text at path through the index ("" when absent).
func (s *session) indexed(path string) string {
	start, end, rest, ok := s.validator.Locate(path)
	switch {
	case !ok && s.validator.Ready():
		return "" // not in the document
	case !ok || rest != "":
		return s.doc.Get(path).Raw
	}
	return string(s.doc.Bytes()[start:end])
}

// metas looks up the tool data of metrics through the index. The map is
// kept and refilled, and the JSON texts point into the document's bytes,
// which never change: a keystroke allocates almost nothing here.
func (s *session) metas() preview.MetaFunc {
	if s.metaAt == nil {
		s.metaAt = map[string][2]int{}
	}
	clear(s.metaAt)
	at := s.metaAt
	if !s.validator.EachMember(template.ExtensionKey+".metrics", func(m template.Member) { at[m.Key] = [2]int{m.Start, m.End} }) {
		return preview.MetaOf(s.doc)
	}
	raw := s.doc.Bytes()
	return func(name string) preview.Meta {
		sp, ok := at[name]
		if !ok {
			return preview.Meta{}
		}
		return preview.MetaFromRaw(name, unsafe.String(&raw[sp[0]], sp[1]-sp[0]))
	}
}

// dirty reports whether the document differs from what counts as saved: a
// character typed and deleted again is no change.
func (s *session) dirty() bool { return !bytes.Equal(s.doc.Bytes(), s.clean) }

// saved records that data, the document's bytes b, is now in path.
func (s *session) saved(path string, b, data []byte) {
	s.savedPath, s.clean, s.diskSum = path, bytes.Clone(b), sha256.Sum256(data)
}

// fileBytes is what a save writes: the document, indented as the tool
// writes it when it was so, with the file's final newline kept.
func (s *session) fileBytes() []byte {
	data := s.doc.Bytes()
	if s.canonical {
		return template.Canonical(data)
	}
	if s.finalNewline && (len(data) == 0 || data[len(data)-1] != '\n') {
		return append(bytes.Clone(data), '\n')
	}
	return data
}

func (s *session) metric(i int) (template.Metric, bool) {
	if i < 0 || i >= len(s.metrics) {
		return template.Metric{}, false
	}
	return s.metrics[i], true
}

// notes are what validate and the cost profile say about the value at
// path, for the field that edits it; under also takes the findings of the
// elements below path (each tag of a list).
func (s *session) notes(path string, under bool) []note {
	if path == "" {
		return nil
	}
	var out []note
	for _, f := range s.findings {
		if f.Path == path || under && strings.HasPrefix(f.Path, path+".") {
			out = append(out, findingNote(f))
		}
	}
	return out
}

// errorsUnder counts the error findings at or under a JSON path.
func (s *session) errorsUnder(path string) int {
	n := 0
	for _, f := range s.findings {
		if f.Severity == template.Error && (f.Path == path || strings.HasPrefix(f.Path, path+".")) {
			n++
		}
	}
	return n
}

func findingNote(f template.Finding) note {
	level := 1
	if f.Severity == template.Error {
		level = 2
	}
	text := template.SafeLine(f.Message)
	if f.Rewrite != "" {
		text += " " + template.StoresAs(f.Rewrite)
	}
	return note{level, text}
}

// costState is the projection shown in the cost card.
type costState struct {
	res preview.Result
	// problem is a bad profile or scenario value: the card shows the
	// defaults and says why (the field shows its cost-setting finding).
	problem string
}
