"""The documents the ledger's figures cite, one record each, and a citation of one of them.

A figure cites a document at a location (table, row, column, slide) and, where the words
matter, quotes it: ``HE_2016.at("Table 1, FLOPs row, 50-layer column")``. A document is named
by its public title, authors, date and address; where no public address is known the record
says so, and how the document was identified. Nothing here refers to a local file: a user who
clones the repository has the same information as we do.

The course material (Korean lecture slides and notes whose tables are in English) names itself
in its own first lines (title, author, date); the papers are cited as their authors published
them, with the arXiv or DOI address.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_ADDRESS = "no public address known"


@dataclass(frozen=True)
class Document:
    """One cited document. ``short`` is how a citation names it in a table cell: the authors
    and year, as papers are cited, and for the course material a few words of its title, so the
    full record under each table (``reference``) is found at a glance."""

    key: str
    short: str
    authors: str
    title: str
    date: str
    kind: str
    venue: str = ""
    address: str = ""
    note: str = ""

    def at(self, location: str, quote: str = "") -> "Citation":
        return Citation(self, location, quote)

    @property
    def reference(self) -> str:
        """The full reference: authors, date, title, kind and venue, address (or that none is
        known), and how the document was identified."""
        what = self.kind[:1].upper() + self.kind[1:] + (f", {self.venue}" if self.venue else "")
        note = f" {self.note[:1].upper()}{self.note[1:]}." if self.note else ""
        return (f"{self.authors} ({self.date or 'undated'}). '{self.title}'. {what}. "
                f"{self.address or NO_ADDRESS[:1].upper() + NO_ADDRESS[1:]}.{note}")


@dataclass(frozen=True)
class Citation:
    """A place in a document: ``location`` (table/row/column, slide, section) and, when given,
    the words quoted from there (with a translation where they are not English)."""

    document: Document
    location: str
    quote: str = ""

    def __str__(self) -> str:
        return f"{self.document.short}, {self.location}" + (f": {self.quote}" if self.quote else "")


# --- papers ------------------------------------------------------------------------------------

KRIZHEVSKY_2012 = Document(
    "krizhevsky2012", "Krizhevsky et al. 2012", "Alex Krizhevsky, Ilya Sutskever, Geoffrey E. Hinton",
    "ImageNet Classification with Deep Convolutional Neural Networks", "2012", "paper",
    "Advances in Neural Information Processing Systems 25 (NIPS 2012)",
    "https://papers.nips.cc/paper_files/paper/2012/hash/c399862d3b9d6b76c8436e924a68c45b-Abstract.html")
SIMONYAN_2015 = Document(
    "simonyan2015", "Simonyan & Zisserman 2015", "Karen Simonyan, Andrew Zisserman",
    "Very Deep Convolutional Networks for Large-Scale Image Recognition", "2015", "paper",
    "ICLR 2015; arXiv:1409.1556", "https://arxiv.org/abs/1409.1556")
SZEGEDY_2015 = Document(
    "szegedy2015", "Szegedy et al. 2015",
    "Christian Szegedy, Wei Liu, Yangqing Jia, Pierre Sermanet, Scott Reed, Dragomir Anguelov, "
    "Dumitru Erhan, Vincent Vanhoucke, Andrew Rabinovich",
    "Going Deeper with Convolutions", "2015", "paper", "CVPR 2015; arXiv:1409.4842",
    "https://arxiv.org/abs/1409.4842")
HE_2016 = Document(
    "he2016", "He et al. 2016", "Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun",
    "Deep Residual Learning for Image Recognition", "2016", "paper", "CVPR 2016; arXiv:1512.03385",
    "https://arxiv.org/abs/1512.03385")
HOWARD_2017 = Document(
    "howard2017", "Howard et al. 2017 (MobileNets)",
    "Andrew G. Howard, Menglong Zhu, Bo Chen, Dmitry Kalenichenko, Weijun Wang, Tobias Weyand, "
    "Marco Andreetto, Hartwig Adam",
    "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications", "2017",
    "paper", "arXiv:1704.04861", "https://arxiv.org/abs/1704.04861")
ZHANG_2018 = Document(
    "zhang2018", "Zhang et al. 2018 (ShuffleNet)", "Xiangyu Zhang, Xinyu Zhou, Mengxiao Lin, Jian Sun",
    "ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices", "2018",
    "paper", "CVPR 2018; arXiv:1707.01083", "https://arxiv.org/abs/1707.01083")
IANDOLA_2016 = Document(
    "iandola2016", "Iandola et al. 2016",
    "Forrest N. Iandola, Song Han, Matthew W. Moskewicz, Khalid Ashraf, William J. Dally, Kurt Keutzer",
    "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size", "2016",
    "paper", "arXiv:1602.07360", "https://arxiv.org/abs/1602.07360")
LECUN_1998 = Document(
    "lecun1998", "LeCun et al. 1998", "Yann LeCun, Léon Bottou, Yoshua Bengio, Patrick Haffner",
    "Gradient-Based Learning Applied to Document Recognition", "1998", "paper",
    "Proceedings of the IEEE 86(11), 2278-2324; doi:10.1109/5.726791", "https://doi.org/10.1109/5.726791")
TORCHVISION_INCEPTION_V3 = Document(
    "torchvision-inception-v3", "torchvision documentation, inception_v3", "the PyTorch (torchvision) developers",
    "torchvision.models.inception_v3", "", "library documentation", "the weights' table of metadata",
    "https://pytorch.org/vision/stable/models/generated/torchvision.models.inception_v3.html")

# --- course material (Korean; the tables are in English) -----------------------------------------

KIM_CNN_MODELS = Document(
    "kim-cnn-models", "김준영 (대표적인 CNN 모델 분석)", "김준영",
    "대표적인 CNN 모델 분석 (An analysis of representative CNN models)", "", "lecture slides",
    "on AlexNet, VGG, GoogLeNet, ResNet, MobileNet and ShuffleNet; slides titled e.g. 'AlexNet (2/6)'",
    note="title and author from its first slide; its newest reference is from 2018")
LIM_SHUFFLENET = Document(
    "lim-shufflenet", "Lim (ShuffleNet v1 본문)", "Lim (the blog 'I'm Lim')",
    "[논문 정리] ShuffleNet v1 본문 (paper notes: ShuffleNet v1, main text)", "", "blog post",
    "a summary of Zhang et al. 2018",
    note="title and author from the page; the blog's neighbouring posts are dated November and "
         "December 2022")
JAILIES_CS231N = Document(
    "jailies-cs231n", "jailies (cs231n Lecture 9 notes)", "jailies (velog)",
    "Notes on cs231n 'Lecture 9 | CNN Architectures'", "", "blog post (velog)",
    "a summary of Stanford cs231n (Fei-Fei Li, Justin Johnson, Serena Yeung, Spring 2017), "
    "Lecture 9 'CNN Architectures', http://cs231n.stanford.edu/slides/2017/cs231n_2017_lecture9.pdf",
    note="untitled in the text we have; it says it summarises cs231n Lecture 9, and its images "
         "are hosted under velog.velcdn.com/images/jailies/, so it is a velog post by jailies")
CHOI_CNN_ADVANCED = Document(
    "choi-cnn-advanced", "최건호 2017 (CNN -Advanced-)", "최건호",
    "Convolutional Neural Network -Advanced-", "2017-11-04", "lecture slides",
    "on the ImageNet winners (LeNet, AlexNet, ZFNet), VGG, GoogLeNet and ResNet; its VGG-16 table "
    "is the cs231n notes' 'VGGNet in detail' (Andrej Karpathy, 'Convolutional Neural Networks "
    "(CNNs / ConvNets)', https://cs231n.github.io/convolutional-networks/)",
    note="title, date and author from its first slide")
GROUP3_ALEXNET_VGG_MOBILENET = Document(
    "group3-alexnet-vgg16-mobilenet", "Group 3 (AlexNet VGG16 MobileNet)", "Group 3",
    "AlexNet VGG16 MobileNet", "", "presentation slides", "Week 2 of a study group",
    note="title, week and group from its first slide")

DOCUMENTS = (KRIZHEVSKY_2012, SIMONYAN_2015, SZEGEDY_2015, HE_2016, HOWARD_2017, ZHANG_2018,
             IANDOLA_2016, LECUN_1998, TORCHVISION_INCEPTION_V3, KIM_CNN_MODELS, LIM_SHUFFLENET,
             JAILIES_CS231N, CHOI_CNN_ADVANCED, GROUP3_ALEXNET_VGG_MOBILENET)
