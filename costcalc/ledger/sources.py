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
XIE_2017 = Document(
    "xie2017", "Xie et al. 2017 (ResNeXt)", "Saining Xie, Ross Girshick, Piotr Dollár, Zhuowen Tu, Kaiming He",
    "Aggregated Residual Transformations for Deep Neural Networks", "2017", "paper",
    "CVPR 2017; arXiv:1611.05431", "https://arxiv.org/abs/1611.05431",
    note="the figures from Table 1's cells, parameters and FLOPs were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
HUANG_2017 = Document(
    "huang2017", "Huang et al. 2017 (DenseNet)",
    "Gao Huang, Zhuang Liu, Laurens van der Maaten, Kilian Q. Weinberger",
    "Densely Connected Convolutional Networks", "2017", "paper", "CVPR 2017; arXiv:1608.06993",
    "https://arxiv.org/abs/1608.06993",
    note="the figures from Table 1's layers per block and output sizes were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
CHOLLET_2017 = Document(
    "chollet2017", "Chollet 2017 (Xception)", "François Chollet",
    "Xception: Deep Learning with Depthwise Separable Convolutions", "2017", "paper",
    "CVPR 2017; arXiv:1610.02357", "https://arxiv.org/abs/1610.02357",
    note="the figures from Figure 5's widths and repeats, and Table 1's 0.790 were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
HU_2018 = Document(
    "hu2018", "Hu et al. 2018 (SENet)", "Jie Hu, Li Shen, Samuel Albanie, Gang Sun, Enhua Wu",
    "Squeeze-and-Excitation Networks", "2018", "paper",
    "CVPR 2018; extended in IEEE TPAMI 42(8), 2020; arXiv:1709.01507 (v4, the TPAMI text, whose "
    "table numbers are cited)", "https://arxiv.org/abs/1709.01507",
    note="the figures from Table 1's cells were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
SANDLER_2018 = Document(
    "sandler2018", "Sandler et al. 2018 (MobileNetV2)",
    "Mark Sandler, Andrew Howard, Menglong Zhu, Andrey Zhmoginov, Liang-Chieh Chen",
    "MobileNetV2: Inverted Residuals and Linear Bottlenecks", "2018", "paper",
    "CVPR 2018; arXiv:1801.04381", "https://arxiv.org/abs/1801.04381",
    note="the figures from Tables 2 and 4 were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
HOWARD_2019 = Document(
    "howard2019", "Howard et al. 2019 (MobileNetV3)",
    "Andrew Howard, Mark Sandler, Grace Chu, Liang-Chieh Chen, Bo Chen, Mingxing Tan, Weijun Wang, "
    "Yukun Zhu, Ruoming Pang, Vijay Vasudevan, Quoc V. Le, Hartwig Adam",
    "Searching for MobileNetV3", "2019", "paper", "ICCV 2019; arXiv:1905.02244",
    "https://arxiv.org/abs/1905.02244",
    note="the figures from Tables 2 and 3 (Table 1 agrees with a third-party transcription) were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
MA_2018 = Document(
    "ma2018", "Ma et al. 2018 (ShuffleNet V2)", "Ningning Ma, Xiangyu Zhang, Hai-Tao Zheng, Jian Sun",
    "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design", "2018", "paper",
    "ECCV 2018; arXiv:1807.11164", "https://arxiv.org/abs/1807.11164")
MEGVII_SHUFFLENET_SERIES = Document(
    "megvii-shufflenet-series", "megvii-model/ShuffleNet-Series README", "Megvii Research (the ShuffleNet authors' group)",
    "ShuffleNet Series (README: the trained models' FLOPs, #Params and errors)", "", "repository README",
    "the authors' released ShuffleNetV2 models", "https://github.com/megvii-model/ShuffleNet-Series")
TAN_2019 = Document(
    "tan2019", "Tan & Le 2019 (EfficientNet)", "Mingxing Tan, Quoc V. Le",
    "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks", "2019", "paper",
    "ICML 2019; arXiv:1905.11946", "https://arxiv.org/abs/1905.11946")
ZAGORUYKO_2016 = Document(
    "zagoruyko2016", "Zagoruyko & Komodakis 2016 (WRN)", "Sergey Zagoruyko, Nikos Komodakis",
    "Wide Residual Networks", "2016", "paper", "BMVC 2016; arXiv:1605.07146",
    "https://arxiv.org/abs/1605.07146",
    note="the figures from Table 1 and the 68.9M (the 36.5M agrees with third-party reproductions) were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
LIU_2022 = Document(
    "liu2022", "Liu et al. 2022 (ConvNeXt)",
    "Zhuang Liu, Hanzi Mao, Chao-Yuan Wu, Christoph Feichtenhofer, Trevor Darrell, Saining Xie",
    "A ConvNet for the 2020s", "2022", "paper", "CVPR 2022; arXiv:2201.03545",
    "https://arxiv.org/abs/2201.03545",
    note="the figures from Table 9 were typed from memory of the paper, not from a copy of it: each is still to be checked against the PDF")
CONVNEXT_README = Document(
    "convnext-readme", "facebookresearch/ConvNeXt README", "the ConvNeXt authors (Facebook AI Research)",
    "A ConvNet for the 2020s: official PyTorch implementation (README, 'Results and Pre-trained Models')",
    "", "repository README", "the authors' released ImageNet-1K models",
    "https://github.com/facebookresearch/ConvNeXt")
PYCLS_MODEL_ZOO = Document(
    "pycls-model-zoo", "pycls MODEL_ZOO.md", "Facebook AI Research (pycls, the RegNet authors' code)",
    "pycls Model Zoo: baselines 'primarily for the Designing Network Design Spaces paper' "
    "(Radosavovic et al. 2020, arXiv:2003.13678)", "",
    "repository documentation", "the RegNetX table: flops, params, top-1 error",
    "https://github.com/facebookresearch/pycls/blob/main/MODEL_ZOO.md")
TORCHVISION_MODELS = Document(
    "torchvision-models", "torchvision documentation, models", "the PyTorch (torchvision) developers",
    "Models and pre-trained weights (torchvision.models), with a page per model builder", "",
    "library documentation", "each weights entry's metadata: acc@1 (on ImageNet-1K), num_params, GFLOPS",
    "https://pytorch.org/vision/stable/models.html")

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
             IANDOLA_2016, LECUN_1998, TORCHVISION_INCEPTION_V3, XIE_2017, HUANG_2017, CHOLLET_2017,
             HU_2018, SANDLER_2018, HOWARD_2019, MA_2018, MEGVII_SHUFFLENET_SERIES, TAN_2019,
             ZAGORUYKO_2016, LIU_2022, CONVNEXT_README, PYCLS_MODEL_ZOO,
             TORCHVISION_MODELS, KIM_CNN_MODELS, LIM_SHUFFLENET, JAILIES_CS231N, CHOI_CNN_ADVANCED,
             GROUP3_ALEXNET_VGG_MOBILENET)
