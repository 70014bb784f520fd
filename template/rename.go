package template

// RenameMeta moves a metric's tool data from one name to another. It does
// nothing when either name is empty, when there is nothing to move, or when
// the new name already has data of its own.
func (d *Document) RenameMeta(from, to string) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	meta := d.Get(MetaPath(from))
	if !meta.Exists() || d.Get(MetaPath(to)).Exists() {
		return nil
	}
	if err := d.SetRaw(MetaPath(to), []byte(meta.Raw)); err != nil {
		return err
	}
	return d.Delete(MetaPath(from))
}
