"""Accounts and organisations: users, organisations, memberships, invitations, API tokens and the policy."""
