"""The web application and JSON API (`casetrail serve`): pages over the case database,
behind a login; see `app.create_app`."""

from casetrail.present.web.app import create_app

__all__ = ["create_app"]
