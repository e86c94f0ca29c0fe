"""PortraitRig model tools: LIA / LIA-X generators (own implementation), safe checkpoint loading, ONNX export."""
__version__ = "0.1.0"
