-- How each session was signed in (docs/security.md "Required of administrators"): NULL
-- for a password alone, 'totp' or 'recovery_code' after the second step, and
-- 'identity_provider' for single sign-on (the provider's own second factor). An
-- administrator whose organisation requires TOTP is limited to enrolment in a session
-- without one: sessions from before this column count as password-only, so turning
-- the requirement on limits them at once.
ALTER TABLE user_session ADD COLUMN second_factor TEXT;
