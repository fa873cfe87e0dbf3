import pytest

from policygraph.extract import Extractor
from policygraph.records import PolicyDocument


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def extract_text(extractor):
    def run(text: str, policy_id: str = "t"):
        return extractor.extract(PolicyDocument(policy_id=policy_id, text=text))

    return run
