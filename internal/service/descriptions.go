package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
	"github.com/defensie/algoreg/internal/workflow"
)

// DescriptionInput is what a person may set on a description: the publication-standard fields
// and the internal ones. Assigned fields (id, revision, state, timestamps) are not in it.
type DescriptionInput struct {
	register.Standard
	Unit           string            `json:"unit"`
	Classification register.Level    `json:"classification"`
	Owners         []register.Person `json:"owners"`
	InternalNotes  string            `json:"internal_notes"`
}

// InputOf returns the input that would recreate d's content.
func InputOf(d *register.Description) DescriptionInput {
	return DescriptionInput{Standard: d.Standard, Unit: d.Unit, Classification: d.Classification, Owners: d.Owners, InternalNotes: d.InternalNotes}
}

// check sanitises in and returns every problem with it for user u.
func (s *Service) check(ctx context.Context, tx register.Tx, u *register.User, in *DescriptionInput) []register.FieldProblem {
	units, err := tx.ListUnits(ctx)
	if err != nil {
		return []register.FieldProblem{problem("unit", register.ErrorMessage(err))}
	}
	return s.checkWith(units, u, in)
}

// checkWith is check with the list of units already at hand (an import checks many records).
func (s *Service) checkWith(units []register.Unit, u *register.User, in *DescriptionInput) []register.FieldProblem {
	standard.Sanitize(&in.Standard)
	in.Unit = strings.ToUpper(strings.TrimSpace(in.Unit))
	in.InternalNotes = strings.TrimSpace(in.InternalNotes)
	var probs []register.FieldProblem
	if strings.TrimSpace(in.Name) == "" {
		probs = append(probs, problem("name", "is verplicht"))
	}
	probs = append(probs, standard.Validate(&in.Standard)...)
	switch {
	case in.Unit == "":
		probs = append(probs, problem("unit", "is verplicht: de code van een defensieonderdeel"))
	default:
		if !slices.ContainsFunc(units, func(x register.Unit) bool { return x.Code == in.Unit }) {
			probs = append(probs, problem("unit", fmt.Sprintf("onbekende eenheid %q", in.Unit)))
		}
	}
	switch {
	case in.Classification == "":
		probs = append(probs, problem("classification", "is verplicht: een rubriceringsniveau"))
	case !in.Classification.Valid():
		probs = append(probs, problem("classification", fmt.Sprintf("onbekend rubriceringsniveau %q; kies uit %s", in.Classification, levelNames())))
	default:
		if err := access.CheckCeiling(in.Classification, s.cfg.Ceiling); err != nil {
			probs = append(probs, problemsOf(err, "classification")...)
		} else if u != nil && !in.Classification.AtMost(u.Clearance) {
			probs = append(probs, problem("classification", "is hoger dan uw eigen screeningsniveau"))
		}
	}
	for i, p := range in.Owners {
		p.Name, p.Email, p.Role = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email), strings.TrimSpace(p.Role)
		in.Owners[i] = p
		if p.Name == "" {
			probs = append(probs, problem(fmt.Sprintf("owners[%d].name", i), "is verplicht"))
		}
		if p.Role == "" {
			probs = append(probs, problem(fmt.Sprintf("owners[%d].role", i), "is verplicht: de functie, zoals algoritme-eigenaar"))
		}
		if p.Email != "" && !standard.ValidEmail(p.Email) {
			probs = append(probs, problem(fmt.Sprintf("owners[%d].email", i), "is geen geldig e-mailadres"))
		}
	}
	return probs
}

func problemsOf(err error, field string) []register.FieldProblem {
	if e, ok := err.(*register.Error); ok && len(e.Problems) > 0 {
		return e.Problems
	}
	return []register.FieldProblem{problem(field, register.ErrorMessage(err))}
}

func levelNames() string {
	var ss []string
	for _, l := range register.Levels {
		ss = append(ss, string(l))
	}
	return strings.Join(ss, ", ")
}

// CreateDescription adds a new description as a concept.
func (s *Service) CreateDescription(ctx context.Context, a Actor, in DescriptionInput) (*register.Description, error) {
	var out *register.Description
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.create(ctx, tx, a, in, register.StateConcept)
		out = d
		return err
	})
	return out, err
}

func (s *Service) create(ctx context.Context, tx register.Tx, a Actor, in DescriptionInput, state register.State) (*register.Description, error) {
	units, err := tx.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	if probs := s.checkWith(units, a.User, &in); len(probs) > 0 {
		return nil, register.Invalid(probs)
	}
	return s.createChecked(ctx, tx, a, in, state, "")
}

// createChecked stores a new description whose input checkWith has already passed (and
// sanitised); an import checks its records ahead of the transaction, in parallel.
func (s *Service) createChecked(ctx context.Context, tx register.Tx, a Actor, in DescriptionInput, state register.State, id string) (*register.Description, error) {
	if err := mayCreate(a, &in); err != nil {
		return nil, err
	}
	if id == "" {
		id = newID()
	}
	d := newDescription(tx.Now(), a, &in, state, id)
	if err := tx.CreateDescription(ctx, d); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, a, "description.create", descObject(d.ID), d.Revision, "ok", ""); err != nil {
		return nil, err
	}
	return d, nil
}

// mayCreate says why a may not create a description with input in, or nil.
func mayCreate(a Actor, in *DescriptionInput) error {
	if !access.CanGlobal(a.User, access.Create) {
		return register.Errorf(register.EFORBIDDEN, "U mag geen beschrijvingen aanmaken.")
	}
	if !access.Can(a.User, access.Create, in.Unit, in.Classification) {
		return register.Invalid([]register.FieldProblem{problem("unit", fmt.Sprintf("u mag geen beschrijvingen aanmaken voor eenheid %s", in.Unit))})
	}
	return nil
}

// newDescription is the description that checked input in becomes when a creates it at now.
func newDescription(now time.Time, a Actor, in *DescriptionInput, state register.State, id string) *register.Description {
	d := &register.Description{
		Standard: in.Standard, ID: id, Unit: in.Unit, Classification: in.Classification,
		State: state, Owners: in.Owners, InternalNotes: in.InternalNotes,
		CreatedAt: now, CreatedBy: a.name(), UpdatedAt: now, UpdatedBy: a.name(),
	}
	if d.Lang == "" {
		d.Lang = "nld"
	}
	if d.StandardVersion == "" {
		d.StandardVersion = "1.0"
	}
	return d
}

// visible loads a description and hides it (404) when a may not see it.
func (s *Service) visible(ctx context.Context, tx register.Tx, a Actor, id string) (*register.Description, error) {
	d, err := tx.Description(ctx, id)
	if register.ErrorCode(err) == register.ENOTFOUND {
		return nil, register.NotFound()
	}
	if err != nil {
		return nil, err
	}
	if !access.Visible(a.User, d.Unit, d.Classification) {
		return nil, register.NotFound()
	}
	return d, nil
}

// GetDescription returns one description. A read of a classified description is audited: the
// description is read in a read-only transaction and returned only once its audit entry is
// committed (readAuditor), so reads run side by side instead of one by one through the writer.
func (s *Service) GetDescription(ctx context.Context, a Actor, id string) (*register.Description, error) {
	var out *register.Description
	err := s.view(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		out = d
		return err
	})
	if err != nil {
		return nil, err
	}
	if out.Classification != register.Ongerubriceerd {
		if err := s.auditRead(ctx, a, "description.read", descObject(out.ID), out.Revision, string(out.Classification)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UpdateDescription replaces a description's content, as a new revision, when revision is still
// the current one (ESTALE otherwise). Editing a reviewed or published entry starts a new concept.
func (s *Service) UpdateDescription(ctx context.Context, a Actor, id string, revision int, in DescriptionInput) (*register.Description, error) {
	var out *register.Description
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !access.Can(a.User, access.Edit, d.Unit, d.Classification) {
			return register.Errorf(register.EFORBIDDEN, "U mag deze beschrijving niet bewerken.")
		}
		if d.Revision != revision {
			return register.Errorf(register.ESTALE, "De beschrijving is intussen gewijzigd (nu versie %d, u bewerkte versie %d). Laad de nieuwe versie en breng uw wijzigingen opnieuw aan.", d.Revision, revision)
		}
		if d.State == register.StateArchived {
			return register.Errorf(register.ECONFLICT, "Een gearchiveerde beschrijving kan niet worden bewerkt.")
		}
		if probs := s.check(ctx, tx, a.User, &in); len(probs) > 0 {
			return register.Invalid(probs)
		}
		if !access.Can(a.User, access.Edit, in.Unit, in.Classification) {
			return register.Invalid([]register.FieldProblem{problem("unit", fmt.Sprintf("u mag geen beschrijvingen bewerken voor eenheid %s", in.Unit))})
		}
		from := d.State
		d.Standard, d.Unit, d.Classification, d.Owners, d.InternalNotes = in.Standard, in.Unit, in.Classification, in.Owners, in.InternalNotes
		d.State = workflow.AfterEdit(d.State)
		d.UpdatedAt, d.UpdatedBy = tx.Now(), a.name()
		if err := tx.UpdateDescription(ctx, d); err != nil {
			return err
		}
		if from != d.State {
			if err := tx.AddTransition(ctx, register.Transition{DescriptionID: d.ID, Revision: d.Revision, Action: "edit", From: from, To: d.State, By: a.name(), At: tx.Now(), Comment: "Bewerkt; opnieuw als concept."}); err != nil {
				return err
			}
		}
		out = d
		return s.audit(ctx, tx, a, "description.update", descObject(d.ID), d.Revision, "ok", "")
	})
	return out, err
}

// Revisions lists every saved revision of a description, newest first.
func (s *Service) Revisions(ctx context.Context, a Actor, id string) ([]register.Revision, error) {
	var out []register.Revision
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		if _, err := s.visible(ctx, tx, a, id); err != nil {
			return err
		}
		revs, err := tx.Revisions(ctx, id)
		if err != nil {
			return err
		}
		slices.SortFunc(revs, func(x, y register.Revision) int { return y.Revision - x.Revision })
		out = revs
		return nil
	})
	return out, err
}

// Transitions lists the workflow steps of a description, oldest first.
func (s *Service) Transitions(ctx context.Context, a Actor, id string) ([]register.Transition, error) {
	var out []register.Transition
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		if _, err := s.visible(ctx, tx, a, id); err != nil {
			return err
		}
		t, err := tx.Transitions(ctx, id)
		out = t
		return err
	})
	return out, err
}

// actionPermission maps a workflow action to the access action that allows it.
var actionPermission = map[register.Action]access.Action{
	register.ActionSubmit:   access.Submit,
	register.ActionAssess:   access.Assess,
	register.ActionApprove:  access.Approve,
	register.ActionDecline:  access.Decline,
	register.ActionWithdraw: access.Withdraw,
	register.ActionReturn:   access.Return,
	register.ActionArchive:  access.Archive,
}

// Transition takes a workflow step on a description.
func (s *Service) Transition(ctx context.Context, a Actor, id string, action register.Action, comment string) (*register.Description, error) {
	comment = strings.TrimSpace(comment)
	var out *register.Description
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		step, ok := workflow.Lookup(action)
		if !ok {
			return register.Invalid([]register.FieldProblem{problem("action", fmt.Sprintf("onbekende actie %q; kies uit submit, assess, approve, decline, withdraw, return, archive", action))})
		}
		if step.System {
			return register.Invalid([]register.FieldProblem{problem("action", "publiceren gebeurt door een publicatierun (algoreg publish), niet met een stap")})
		}
		if !access.Can(a.User, actionPermission[action], d.Unit, d.Classification) {
			return register.Errorf(register.EFORBIDDEN, "U mag de stap %s niet zetten voor deze beschrijving.", workflow.ActionLabel(action))
		}
		if _, err := workflow.Next(d.State, action); err != nil {
			return err
		}
		if step.NeedsComment && comment == "" {
			return register.Invalid([]register.FieldProblem{problem("comment", "is verplicht bij "+workflow.ActionLabel(action)+": leg uit waarom")})
		}
		if err := s.guard(ctx, tx, a, d, action); err != nil {
			return err
		}
		from := d.State
		d.State = step.To
		d.UpdatedAt, d.UpdatedBy = tx.Now(), a.name()
		if err := tx.SetDescriptionState(ctx, d); err != nil {
			return err
		}
		if err := tx.AddTransition(ctx, register.Transition{DescriptionID: d.ID, Revision: d.Revision, Action: action, From: from, To: d.State, Comment: comment, By: a.name(), At: tx.Now()}); err != nil {
			return err
		}
		out = d
		return s.audit(ctx, tx, a, "description."+string(action), descObject(d.ID), d.Revision, "ok", string(from)+" → "+string(d.State))
	})
	return out, err
}

// guard checks what an action needs beyond the table: complete fields for submit, a complete
// classification and assessment for assess, four eyes for approve and decline.
func (s *Service) guard(ctx context.Context, tx register.Tx, a Actor, d *register.Description, action register.Action) error {
	switch action {
	case register.ActionSubmit:
		if missing := standard.Missing(&d.Standard); len(missing) > 0 {
			e := register.Invalid(missing)
			e.Message = "De beschrijving is niet volledig: vul de verplichte velden in voordat u haar indient."
			return e
		}
	case register.ActionAssess:
		return s.assessReady(ctx, tx, d)
	case register.ActionApprove, register.ActionDecline:
		revs, err := tx.Revisions(ctx, d.ID)
		if err != nil {
			return err
		}
		trans, err := tx.Transitions(ctx, d.ID)
		if err != nil {
			return err
		}
		if err := access.FourEyes(a.User, access.EditorsSinceApproval(revs, trans)); err != nil {
			return err
		}
		asm, err := tx.Assessment(ctx, d.ID)
		if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
			return err
		}
		if action == register.ActionApprove && asm != nil && asm.Decision == register.DecisionDoNotPublish {
			return register.Errorf(register.ECONFLICT, "Het publicatiebesluit is 'niet publiceren'; kies afwijzen, of laat de beoordeling aanpassen.")
		}
	}
	return nil
}

// assessReady refuses the assess step until a classification and a publication assessment exist.
func (s *Service) assessReady(ctx context.Context, tx register.Tx, d *register.Description) error {
	var probs []register.FieldProblem
	if _, err := tx.Classification(ctx, d.ID); register.ErrorCode(err) == register.ENOTFOUND {
		probs = append(probs, problem("classification", "ontbreekt: leg eerst de classificatie vast"))
	} else if err != nil {
		return err
	}
	if _, err := tx.Assessment(ctx, d.ID); register.ErrorCode(err) == register.ENOTFOUND {
		probs = append(probs, problem("publication_assessment", "ontbreekt: leg eerst het publicatiebesluit vast"))
	} else if err != nil {
		return err
	}
	if len(probs) > 0 {
		e := register.Invalid(probs)
		e.Message = "De beoordeling is nog niet compleet."
		return e
	}
	return nil
}

// SeedState puts a description in a workflow state directly, recording it as a transition and
// in the audit trail. Only demo seeding uses it; people take steps through Transition.
func (s *Service) SeedState(ctx context.Context, a Actor, id string, state register.State) error {
	if a.User == nil || a.User.ID != "system" {
		return register.Errorf(register.EFORBIDDEN, "Alleen het systeem mag een status direct zetten.")
	}
	return s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := tx.Description(ctx, id)
		if err != nil {
			return err
		}
		from := d.State
		d.State = state
		if err := tx.SetDescriptionState(ctx, d); err != nil {
			return err
		}
		if err := tx.AddTransition(ctx, register.Transition{DescriptionID: id, Revision: d.Revision, Action: "seed", From: from, To: state, Comment: "demogegevens", By: a.name(), At: tx.Now()}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "description.seed", descObject(id), d.Revision, "ok", string(from)+" → "+string(state))
	})
}

// CheckVisible answers ENOTFOUND when a may not see the description (or it does not exist),
// without counting as a read: handlers use it to answer 404 before looking at a request body.
func (s *Service) CheckVisible(ctx context.Context, a Actor, id string) error {
	return s.view(ctx, func(tx register.Tx) error {
		_, err := s.visible(ctx, tx, a, id)
		return err
	})
}
