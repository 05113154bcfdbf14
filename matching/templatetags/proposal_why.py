"""`{% proposal_why proposal side as why %}`: why, when, how much and with whom, worked out while the template renders,
so that an e-mail reads it in its recipient's language."""

from django import template

from matching import explain

register = template.Library()


@register.simple_tag
def proposal_why(proposal, side):
    return explain.proposal_why(proposal, side)
