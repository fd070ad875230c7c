"""The re-check fixes of the review, through the real nginx, orggate and the stand-in: a team left
goes from an older browser's session though a newer one (without that team) asks, and a rate
limit on GET /user/teams is honoured like one on the membership."""

from test_membership import INTERVAL, RECHECK_BOUND, MembershipCase, wait_until


class RecheckFixesTest(MembershipCase):
    settings = {"ORGGATE_RECHECK_INTERVAL": f"{INTERVAL}s"}

    def test_a_team_left_before_a_second_login_goes_from_the_first_browser_too(self):
        laptop = self.logged_in("mona")
        self.assertEqual(self.gate(laptop, "/team/secret.txt"), 200)
        self.github.remove_from_team("mona", "core")
        # The newer session, without core, is the one whose token the re-check asks with.
        phone = self.logged_in("mona")
        self.assertEqual(self.gate(phone, "/team/secret.txt"), 403)
        took = wait_until(lambda: self.gate(laptop, "/team/secret.txt") == 403, RECHECK_BOUND)
        self.assertIsNotNone(took, "the older browser still passes the team location")
        self.assertEqual(self.gate(laptop), 200)
        self.assertEqual(self.gate(phone), 200)

    def test_a_rate_limit_on_the_teams_call_is_honoured_until_retry_after(self):
        self.assert_retry_after_honoured("teams", "mona", "/team/secret.txt")
