package tui

import (
	"bytes"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

const blankPreset = "blank"

// startPage is step 1: the preset (for a new template), title and colour.
type startPage struct {
	formPage
	// pristine is the template as the chosen preset built it, nil once the
	// document came from elsewhere (a file, a draft): choosing another
	// preset replaces it without asking only while it is untouched.
	pristine   []byte
	lastPreset string
}

func newStartPage(c *common, s *session, o Options) *startPage {
	p := &startPage{formPage: formPage{c: c, s: s, self: stepStart, title: "Start: what the template is"}}
	var fields []*field
	if !o.Editing {
		names, descs := []string{}, []string{}
		for _, pr := range template.Presets {
			names = append(names, pr.Name)
			descs = append(descs, pr.Description)
		}
		names = append(names, blankPreset)
		descs = append(descs, "An empty template: add your own metrics in step 3")
		preset := newChoiceField("preset", "Start from", names, descs)
		p.lastPreset = template.Presets[0].Name
		if o.Preset != nil {
			p.lastPreset = o.Preset.Name
		}
		preset.setValue(p.lastPreset)
		preset.path = fixedPath("processing")
		preset.after = p.choosePreset
		fields = append(fields, preset)
		p.pristine = bytes.Clone(s.doc.Bytes())
	}
	title := newTextField("title", "Title", "("+template.DefaultTitle+")", "How the breakpoint is named in the Rookout app")
	title.load = func(s *session) string { return s.view.Appearance.Title }
	title.apply = func(s *session, v string) error {
		return s.editAt("appearance", func(ap *template.Document) error { return ap.Set("title", v) })
	}
	title.path = fixedPath("appearance.title")
	color := newTextField("color", "Color", "("+template.DefaultColor+")", "#RRGGBB: the breakpoint's color in the Rookout app")
	color.load = func(s *session) string { return s.view.Appearance.Color }
	color.apply = func(s *session, v string) error {
		return s.editAt("appearance", func(ap *template.Document) error { return ap.Set("color", v) })
	}
	color.path = fixedPath("appearance.color")
	p.form = newForm(c, s, append(fields, title, color)...)
	return p
}

// choosePreset replaces the template with a preset's, unless the user has
// changed it since: then it asks first, so nothing typed is lost silently.
func (p *startPage) choosePreset(name string) tea.Cmd {
	if name == p.lastPreset {
		return nil
	}
	if p.pristine == nil || !bytes.Equal(p.s.doc.Bytes(), p.pristine) {
		return emit(askMsg{confirmPresetModal(name)})
	}
	p.applyPreset(name)
	return nil
}

func (p *startPage) applyPreset(name string) {
	spec := template.Spec{Target: template.TargetAPI}
	if pr, err := template.PresetByName(name); err == nil {
		spec = pr.Spec
	}
	doc := template.Build(spec)
	p.s.replace(doc)
	p.pristine, p.lastPreset = bytes.Clone(doc.Bytes()), name
	if p.s.savedPath == "" {
		p.s.clean = bytes.Clone(doc.Bytes()) // a fresh preset is no unsaved work
	}
	if f := p.form.byKey("title"); f != nil {
		f.setValue(p.s.view.Appearance.Title)
		p.form.byKey("color").setValue(p.s.view.Appearance.Color)
	}
}

func (p *startPage) update(msg tea.Msg) tea.Cmd {
	if a, ok := msg.(modalAnswerMsg); ok && a.kind == modalPreset {
		if a.answer == answerYes {
			p.applyPreset(a.value)
			return nil
		}
		if f := p.form.byKey("preset"); f != nil {
			f.setValue(p.lastPreset) // keep my template: the choice goes back
		}
		return nil
	}
	return p.formPage.update(msg)
}

// resumed tells the page the document came from a draft, not a preset.
func (p *startPage) resumed() { p.pristine = nil }
