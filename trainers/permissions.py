"""Who may see or do what in the trainers app: one place, used by views and selectors.
Deny by default. Declarations are the most private: the declarer and managers only."""

from django.db.models import Q

from recovery_college.accounts.permissions import is_manager

from .models import Agreement, Declaration, Pairing


def is_trainer(user) -> bool:
    return user.is_authenticated and user.is_trainer


def can_view_my_workshops(user) -> bool:
    return is_trainer(user)


def is_pair_member(user, pairing: Pairing) -> bool:
    """`user` is one of the pair, and a trainer a manager has not switched off: switching
    a trainer off ends their access to every pair page at once."""
    if not user.is_authenticated:
        return False
    trainer = pairing.trainer_for(user)
    return trainer is not None and trainer.is_active


def can_view_pairing(user, pairing: Pairing) -> bool:
    return is_manager(user) or is_pair_member(user, pairing)


def can_declare(user, pairing: Pairing) -> bool:
    return is_pair_member(user, pairing) and pairing.declarations_open()


def can_view_declaration(user, declaration: Declaration) -> bool:
    if not user.is_authenticated:
        return False
    return is_manager(user) or declaration.trainer.user_id == user.pk


def can_view_agreement(user, agreement: Agreement) -> bool:
    return is_manager(user) or is_pair_member(user, agreement.pairing)


def can_edit_agreement(user, agreement: Agreement) -> bool:
    return (
        is_pair_member(user, agreement.pairing)
        and agreement.pairing.status == Pairing.Status.ACTIVE
    )


def pairings_visible_to(user) -> Q:
    """A filter for Pairing querysets: managers see all, trainers their own."""
    if is_manager(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(peer__user=user, peer__is_active=True) | Q(
        practitioner__user=user, practitioner__is_active=True
    )


def can_manage_pairings(user) -> bool:
    """Proposing, starting, deciding on and ending pairings."""
    return is_manager(user)


def can_edit_agreement_template(user) -> bool:
    """The headings every new co-working agreement starts from."""
    return is_manager(user)
